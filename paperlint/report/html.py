"""The HTML audit report: one self-contained file (jinja2, autoescaped, no network).

Paper and code text are untrusted: the environment autoescapes everything, the page carries a
Content-Security-Policy that allows only its own inline style and script (by hash), and the
script only filters and sorts rows that are already rendered on the server side.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from paperlint.model import AuditResult
from paperlint.report.json_report import report_dict

_TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,  # PDF and code text are untrusted input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode(
        "ascii"
    )


def render(result: AuditResult, **_: object) -> str:
    env = _env()
    style = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    script = (_TEMPLATES / "report.js").read_text(encoding="utf-8")
    data = report_dict(result)
    choices_by_id = {c["id"]: c for c in data["choices"]}
    csp = (
        "default-src 'none'; "
        f"style-src '{_csp_hash(style)}'; "
        f"script-src '{_csp_hash(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("report.html.j2").render(
        r=data, choices_by_id=choices_by_id, style=style, script=script, csp=csp
    )
