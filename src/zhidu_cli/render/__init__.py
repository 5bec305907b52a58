"""Documents from records: sandboxed Jinja templates, Chinese document filters, printable HTML."""

from zhidu_cli.render.environment import (
    DocumentSandbox,
    RenderLimits,
    TemplateFailure,
    TemplateSource,
    builtin_template_dir,
    list_templates,
    make_environment,
    render_string,
    render_template,
)
from zhidu_cli.render.html import markdown_to_html

__all__ = [
    "DocumentSandbox",
    "RenderLimits",
    "TemplateFailure",
    "TemplateSource",
    "builtin_template_dir",
    "list_templates",
    "make_environment",
    "markdown_to_html",
    "render_string",
    "render_template",
]
