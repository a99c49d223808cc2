/**
 * `interleave/reports`: the renderers of a failure, for tools that want a format themselves
 * (`failure.report(format)` is the usual way in).
 */
export { render, type ReportFormat, type ReportView } from './render.js';
export { renderText, type TextOptions } from './text.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { renderLinearizabilityHtml, linearizabilitySection } from './linearizabilityHtml.js';
