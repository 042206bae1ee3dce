"""Render an :class:`~skillgap.models.Analysis` as JSON, Markdown or HTML."""

from __future__ import annotations

from skillgap.models import Analysis, RoleFit

__all__ = ["render", "render_html", "render_markdown"]

FORMATS = ("json", "md", "html")


def render(analysis: Analysis, fmt: str = "json", *, role: str | None = None,
           redact: bool = False) -> str:
    """The report in ``fmt`` ('json', 'md' or 'html')."""
    if fmt == "json":
        return analysis.model_dump_json(indent=2) + "\n"
    if fmt in {"md", "markdown"}:
        return render_markdown(analysis, role=role)
    if fmt == "html":
        return render_html(analysis, role=role, redact=redact)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _pct(x: float) -> str:
    return f"{round(100 * x):d}%"


def _esc(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _role_section(fit: RoleFit, top: int) -> list[str]:
    lines = [f"## {fit.label} — fit {_pct(fit.score)}", "",
             f"Required skills covered: {_pct(fit.required_coverage)}.", "",
             "| Category | Coverage | Share of role |", "|---|---:|---:|"]
    lines += [f"| {c.label} | {_pct(c.score)} | {_pct(c.weight)} |" for c in fit.categories]
    lines.append("")
    if fit.missing:
        lines += ["### Missing skills, most valuable first", "",
                  "| # | Skill | Required | Adds | Practice |", "|---:|---|:---:|---:|---|"]
        for i, ms in enumerate(fit.missing[:top], 1):
            practice = _esc(ms.practice or "—")
            lines.append(f"| {i} | {ms.label} | {'yes' if ms.required else 'no'} | "
                         f"+{100 * ms.gain:.1f} pts | {practice} |")
        if len(fit.missing) > top:
            lines.append(f"\n…and {len(fit.missing) - top} more.")
        lines.append("")
    if fit.kpis:
        lines += ["### KPI evidence", ""]
        lines += [f"- **{k.label}**: “{_esc(k.text)}” ({k.source})" for k in fit.kpis]
        lines.append("")
    return lines


def render_markdown(analysis: Analysis, *, role: str | None = None, top: int = 10) -> str:
    """A Markdown report for a GitHub issue or PR comment (tables, no HTML)."""
    fits = [analysis.role(role)] if role else analysis.roles
    lines = ["# skillgap report", ""]
    lines += ["| Role | Fit | Required covered |", "|---|---:|---:|"]
    lines += [f"| {f.label} | {_pct(f.score)} | {_pct(f.required_coverage)} |" for f in analysis.roles]
    lines.append("")
    for fit in fits[:1] if role is None else fits:
        lines += _role_section(fit, top)
    lines += ["## Skills found", "", "| Skill | Strength | Evidence |", "|---|---:|---|"]
    for hit in sorted(analysis.skills, key=lambda h: (-h.strength, h.skill_id)):
        ev = hit.evidence[0]
        lines.append(f"| {hit.label} | {_pct(hit.strength)} | “{_esc(ev.text)}” in {ev.section} "
                     f"({ev.source}, {ev.method}) |")
    lines.append("")
    if analysis.ignored:
        lines += ["## Not counted", ""]
        lines += [f"- {i.text} ({i.reason}): “{_esc(i.context)[:120]}”" for i in analysis.ignored]
        lines.append("")
    lines += ["## Sources", ""]
    for d in analysis.documents:
        extra = f", {d.pages} pages" if d.pages else ""
        warn = f" — warnings: {'; '.join(d.warnings)}" if d.warnings else ""
        lines.append(f"- {d.source} ({d.format}, {d.characters} characters{extra}){warn}")
    return "\n".join(lines) + "\n"


def render_html(analysis: Analysis, *, role: str | None = None, redact: bool = False) -> str:
    """A self-contained HTML report (see :mod:`skillgap.html`)."""
    from skillgap.html import render_html as _render

    return _render(analysis, role=role, redact=redact)
