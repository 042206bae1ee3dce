"""Render an :class:`~skillgap.models.Analysis` as JSON, Markdown or HTML."""

from __future__ import annotations

from skillgap.models import Analysis, RoleFit, SkillHit

__all__ = ["render", "render_html", "render_markdown"]

FORMATS = ("json", "md", "html")


def render(analysis: Analysis, fmt: str = "json", *, role: str | None = None,
           redact: bool = False) -> str:
    """The report in ``fmt`` ('json', 'md' or 'html'); ``redact`` masks personal data in all."""
    if redact:
        from skillgap.report.redact import redact_analysis

        analysis = redact_analysis(analysis)
    if fmt == "json":
        return analysis.model_dump_json(indent=2) + "\n"
    if fmt in {"md", "markdown"}:
        return render_markdown(analysis, role=role)
    if fmt == "html":
        return render_html(analysis, role=role, redact=redact)  # marks the page as redacted
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _pct(x: float) -> str:
    return f"{round(100 * x):d}%"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})


def _esc(text: str) -> str:
    """Document text made safe for one Markdown table cell (no HTML, no accidental markup)."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _bar(x: float, width: int = 10) -> str:
    full = round(max(0.0, min(1.0, x)) * width)
    return "█" * full + "░" * (width - full)


def _quote(context: str, text: str, limit: int = 160) -> str:
    """``context`` with ``text`` in bold, shortened around it, escaped for a table cell."""
    from skillgap.report.html import _quote as split

    q = split(context or text, text, width=limit)
    if not q["match"]:
        return "“" + _esc(q["before"]) + "”"
    before = _esc(q["before"]) + (" " if q["before"][-1:].isspace() else "")
    after = (" " if q["after"][:1].isspace() else "") + _esc(q["after"])
    return "“" + before + "**" + _esc(q["match"]) + "**" + after + "”"


def _plan_rows(fit: RoleFit, top: int) -> list[str]:
    rows = ["| # | Skill | Kind | Adds | Fit after | Practice |", "|---:|---|---|---:|---:|---|"]
    after = fit.score
    for i, ms in enumerate(fit.missing[:top], 1):
        after = min(1.0, after + ms.gain)
        practice = _esc(ms.practice) if ms.practice else "—"
        if ms.practice and ms.practice_source:
            practice += f" _({_esc(ms.practice_source)})_"
        rows.append(f"| {i} | {_esc(ms.label)} | {'required' if ms.required else 'nice to have'} | "
                    f"+{100 * ms.gain:.1f} pts ({100 * ms.share:.0f}% of the role) | "
                    f"{_pct(after)} | {practice} |")
    return rows


def _role_section(fit: RoleFit, top: int) -> list[str]:
    lines = [f"## {_esc(fit.label)}: fit {_pct(fit.score)}", "",
             f"Required skills shown: **{_pct(fit.required_coverage)}**.", "",
             "### Skill areas", "",
             "| Area | Coverage | Share of role |", "|---|---|---:|"]
    for c in sorted(fit.categories, key=lambda c: (-c.weight, c.category)):
        lines.append(f"| {_esc(c.label)} | `{_bar(c.score)}` {_pct(c.score)} | {_pct(c.weight)} |")
    lines.append("")
    if fit.missing:
        lines += ["### Learning plan", "",
                  "Missing skills, in the order that closes the most fit first.", ""]
        lines += _plan_rows(fit, top)
        if len(fit.missing) > top:
            lines.append(f"\n…and {len(fit.missing) - top} more.")
        lines.append("")
    else:
        lines += ["Nothing is missing: every skill of the role is shown.", ""]
    if fit.kpis:
        quotes: dict[tuple[str, int], tuple[str, list[str]]] = {}
        for k in fit.kpis:
            text, labels = quotes.setdefault((k.source, k.start), (k.text, []))
            if k.label not in labels:
                labels.append(k.label)
        lines += ["### KPI evidence", "", "| KPI | Achievement | Source |", "|---|---|---|"]
        for (source, _), (text, labels) in sorted(quotes.items()):
            lines.append(f"| {_esc(', '.join(labels))} | “{_esc(text)}” | {_esc(source)} |")
        lines.append("")
    return lines


def _skill_years(hit: SkillHit) -> str:
    """'3.5 y, last 2024-06 (job)', with the years the resume states ('; 5 y stated'), or '—'
    when no dated entry holds the skill's evidence and no years are stated."""
    ex = hit.experience
    parts = []
    if ex is not None and ex.kinds and ex.last_used is not None:
        parts.append(f"{ex.years:g} y, last {ex.last_used:%Y-%m} ({', '.join(ex.kinds)})")
    if ex is not None and ex.stated_years is not None:
        parts.append(f"{ex.stated_years:g} y stated")
    return "; ".join(parts) or "—"


def _experience_section(analysis: Analysis) -> list[str]:
    """Level, years and the evidence spans that gave the level."""
    exp = analysis.experience
    if exp is None:
        return []
    lines = ["## Experience and level", ""]
    if exp.level is None:
        lines += [f"Level: **not given** — {_esc(exp.note or 'no dated entries')}.", ""]
    else:
        lines += [f"Level: **{exp.level}** ({_esc(exp.note)}).", "",
                  f"Professional experience: **{exp.professional_years:g} years**; internships "
                  f"{exp.internship_years:g} y; education {exp.education_years:g} y"
                  + (f" (dates up to {exp.reference:%Y-%m})" if exp.reference else "") + ".", ""]
    spans = [ev for ev in exp.level_evidence if ev.text]
    if spans:
        lines += ["| Reason | Words on the resume | Detail |", "|---|---|---|"]
        lines += [f"| {ev.kind} | “{_esc(' '.join(ev.text.split())[:120])}” | {_esc(ev.detail)} |"
                  for ev in spans]
        lines.append("")
    return lines


def render_markdown(analysis: Analysis, *, role: str | None = None, top: int = 10) -> str:
    """A Markdown report for a GitHub issue or PR comment (tables, no HTML).

    ``role`` details that role (default: the best fit); the table of every role's fit comes first,
    then skill areas, a learning plan of the ``top`` missing skills, KPI evidence, every skill
    found with its evidence quoted, and what was read. Document text is escaped, so nothing in a
    resume turns into Markdown or HTML.

    >>> from skillgap import Document, analyze
    >>> a = analyze(Document.from_text("Experience\\n- Served PyTorch models with FastAPI"),
    ...             role="ml-engineer", embeddings=False)
    >>> print(render_markdown(a).splitlines()[0])
    # skillgap report: ML Engineer
    """
    ranked = sorted(analysis.roles, key=lambda f: (-f.score, f.role_id))
    chosen = analysis.role(role) if role else (ranked[0] if ranked else None)
    lines = ["# skillgap report" + (f": {_esc(chosen.label)}" if chosen else ""), ""]
    if chosen is not None:
        lead = "Fit for" if role else "Best fit:"
        lines += [f"{lead} **{_esc(chosen.label)}** at **{_pct(chosen.score)}**"
                  + (f" ({chosen.band})" if chosen.band else "") + ", with "
                  f"{_pct(chosen.required_coverage)} of its required skills shown.", ""]
        if chosen.reason:
            lines += [f"Why: {_esc(chosen.reason)}", ""]
        lines += ["| # | Role | Fit | Required shown | Missing |", "|---:|---|---|---:|---:|"]
        for i, f in enumerate(ranked, 1):
            label = f"**{_esc(f.label)}**" if f.role_id == chosen.role_id else _esc(f.label)
            lines.append(f"| {i} | {label} | `{_bar(f.score)}` {_pct(f.score)} | "
                         f"{_pct(f.required_coverage)} | {len(f.missing)} |")
        lines.append("")
        lines += _role_section(chosen, top)
    lines += _experience_section(analysis)
    lines += [f"## Skills found ({len(analysis.skills)})", ""]
    if analysis.skills:
        lines += ["| Skill | Area | Strength | Evidence | Years |", "|---|---|---:|---|---|"]
        areas = {c.category: c.label for f in analysis.roles for c in f.categories}
        for hit in sorted(analysis.skills, key=lambda h: (-h.strength, h.skill_id)):
            ev = hit.evidence[0]
            more = f" (+{len(hit.evidence) - 1} more)" if len(hit.evidence) > 1 else ""
            area = _esc(areas.get(hit.category, hit.category))
            lines.append(f"| {_esc(hit.label)} | {area} | {_pct(hit.strength)} | "
                         f"{_quote(ev.context, ev.text)} — {_esc(ev.section)}, {ev.method}, "
                         f"{_pct(ev.confidence)}{more} | {_skill_years(hit)} |")
    else:
        lines.append("No skill of the taxonomy was found.")
    lines.append("")
    lines += _other_skills_section(analysis)
    lines += _languages_section(analysis)
    if analysis.ignored:
        lines += [f"## Not counted ({len(analysis.ignored)})", "", "| Words | Why | Context |",
                  "|---|---|---|"]
        lines += [f"| {_esc(i.text)} | {i.reason} | {_quote(i.context, i.text, 120)} |"
                  for i in analysis.ignored]
        lines.append("")
    lines += ["## What was read", "", "| Source | Kind | Characters | Pages | Warnings |",
              "|---|---|---:|---:|---|"]
    for d in analysis.documents:
        warn = _esc("; ".join(d.warnings)) if d.warnings else "none"
        lines.append(f"| {_esc(d.source)} | {d.kind} ({d.format}) | {d.characters:,} | "
                     f"{d.pages if d.pages is not None else '—'} | {warn} |")
    lines += ["", f"_skillgap {analysis.skillgap_version}, taxonomy {_esc(analysis.taxonomy)}_"]
    return "\n".join(lines) + "\n"


#: How reports name where a skill beyond the guide comes from.
ORIGIN_LABELS = {"onet": "O*NET", "esco": "ESCO", "onet+esco": "O*NET, ESCO",
                 "skillgap": "skillgap (curated)"}


def other_skill_groups(analysis: Analysis) -> list[tuple[str, list[SkillHit]]]:
    """The skills found beyond the scoring taxonomy, grouped by category label (technical
    tools first, then general skills), each group strongest first."""
    groups: dict[tuple[bool, str], list[SkillHit]] = {}
    for hit in analysis.other_skills:
        label = hit.category_label or hit.category
        groups.setdefault((not hit.technical, label), []).append(hit)
    return [(label + ("" if not general else " (general skills)"),
             sorted(hits, key=lambda h: (-h.strength, h.skill_id)))
            for (general, label), hits in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1].lower()))]


def _other_skills_section(analysis: Analysis) -> list[str]:
    if not analysis.other_skills:
        return []
    lines = [f"## Other skills ({len(analysis.other_skills)})", "",
             "Skills beyond the scoring taxonomy, from O*NET Technology Skills and ESCO, by "
             "category. They do not make the built-in roles' scores, except as narrower skills "
             "of a role skill.", ""]
    for label, hits in other_skill_groups(analysis):
        lines += [f"### {_esc(label)}", "", "| Skill | Source | Evidence |", "|---|---|---|"]
        for hit in hits:
            lines.append(f"| {_esc(hit.label)} | {ORIGIN_LABELS.get(hit.origin, hit.origin)} | "
                         f"{_first_evidence(hit)} |")
        lines.append("")
    return lines


def _first_evidence(hit: SkillHit) -> str:
    """The first evidence quoted, its section, and how many more places there are."""
    ev = hit.evidence[0]
    more = f" (+{len(hit.evidence) - 1} more)" if len(hit.evidence) > 1 else ""
    return f"{_quote(ev.context, ev.text)} — {_esc(ev.section)}{more}"


def _languages_section(analysis: Analysis) -> list[str]:
    if not analysis.languages:
        return []
    lines = [f"## Languages ({len(analysis.languages)})", "", "| Language | Level | Evidence |",
             "|---|---|---|"]
    lines += [f"| {_esc(hit.label)} | {_esc(hit.level or 'not stated')} | {_first_evidence(hit)} |"
              for hit in analysis.languages]
    lines.append("")
    return lines


def render_html(analysis: Analysis, *, role: str | None = None, redact: bool = False) -> str:
    """A self-contained HTML report (see :mod:`skillgap.report.html`)."""
    from skillgap.report.html import render_html as _render

    return _render(analysis, role=role, redact=redact)
