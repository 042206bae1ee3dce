"""Self-contained HTML reports: one candidate's gap analysis, and a batch leaderboard.

Pages are Jinja2 templates (``skillgap/report/templates/``, autoescaped); charts are matplotlib figures
rendered to inline SVG whose colours are CSS variables, so they follow the page's light or dark
theme. Nothing is fetched when the page opens: styles, the sorting script and the charts are all
in the file, and a Content-Security-Policy forbids any other source. Output is deterministic —
the same analysis gives the same bytes (no timestamps; ``svg.hashsalt`` fixed).

matplotlib is imported only when a report with charts is rendered (about half a second).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from skillgap.models import Analysis, Evidence, RoleFit, SkillHit

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html", "render_leaderboard"]

EVIDENCE_PER_SKILL = 3  # quotes shown per skill; the rest are counted
CONTEXT_CHARS = 220  # longest quoted context before it is shortened around the match

# matplotlib draws with these placeholder colours; they become CSS variables in the SVG
_CHART_COLOURS = {"#010101": "var(--chart-fg)", "#020202": "var(--chart-grid)",
                  "#030303": "var(--chart-bar)", "#040404": "var(--chart-hl)",
                  "#050505": "var(--chart-muted)"}
_FG, _GRID, _BAR, _HL, _MUTED = _CHART_COLOURS
_CHART_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings


# -- templates --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("skillgap.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["pct"] = _pct
    env.filters["pts"] = lambda x: f"+{100 * x:.1f}"
    return env


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{round(100 * x):d}%"


# -- charts -----------------------------------------------------------------------------------

def _svg(fig: Any, *, chart_id: str, title: str, desc: str) -> Markup:
    """The figure as inline ``<svg>``: ids prefixed, themable colours, a title and a description."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)
    svg = re.sub(r'(\bid="|url\(#|href="#)', rf"\g<1>{chart_id}-", svg)
    svg = re.sub(r"font-family: [^;\"]+", "font-family: var(--chart-font)", svg)
    for placeholder, var in _CHART_COLOURS.items():
        svg = svg.replace(placeholder, var)
    svg = re.sub(r"\n\s*", "\n", svg)  # matplotlib's indentation only adds bytes
    head = (f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            'focusable="false"')
    svg = re.sub(r'<svg (xmlns:xlink="[^"]*") width="[^"]*" height="[^"]*"', head + r" \1", svg,
                 count=1)
    svg = svg.replace(">", f'>\n<title id="{chart_id}-title">{escape(title)}</title>\n'
                      f'<desc id="{chart_id}-desc">{escape(desc)}</desc>', 1)
    return Markup(svg.strip())


def _bar_chart(labels: Sequence[str], values: Sequence[float], *, highlight: int | None,
               chart_id: str, title: str, desc: str) -> Markup:
    """Horizontal bars, first item on top, values in [0, 1] shown as percentages.

    Two drawings of the same data: a wide one with the labels left of the bars, and a narrow one
    for phones with each label above its bar; the page's CSS shows one of them.
    """
    return Markup("\n").join(
        _draw_bars(labels, values, highlight=highlight, narrow=narrow,
                   chart_id=chart_id + ("-narrow" if narrow else ""), title=title, desc=desc)
        for narrow in (False, True))


def _draw_bars(labels: Sequence[str], values: Sequence[float], *, highlight: int | None,
               narrow: bool, chart_id: str, title: str, desc: str) -> Markup:
    try:
        import matplotlib
    except ImportError as exc:
        from skillgap.errors import SkillgapError

        raise SkillgapError("the HTML report draws its charts with matplotlib, which is not "
                            "installed; run: pip install matplotlib") from exc
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    rc = {"svg.hashsalt": "skillgap", "svg.fonttype": "none", "font.family": "DejaVu Sans",
          "font.size": 10, "axes.linewidth": 0.8}
    n = len(labels)
    step = 0.62 if narrow else 0.34  # inches per bar
    with _CHART_LOCK, matplotlib.rc_context(rc):
        fig = Figure(figsize=(3.7 if narrow else 6.4, 0.45 + step * n))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        ys = [float(n - 1 - i) for i in range(n)]
        colours = [_HL if i == highlight else _BAR for i in range(n)]
        ax.barh(ys, values, color=colours, height=0.42 if narrow else 0.68)
        for i, (y, v) in enumerate(zip(ys, values, strict=True)):
            weight = "bold" if i == highlight else "normal"
            ax.text(min(v, 1.0) + 0.015, y, _pct(v), va="center", color=_FG, fontweight=weight)
            if narrow:
                ax.text(0, y + 0.27, labels[i], va="bottom", ha="left", color=_FG,
                        fontweight=weight)
        if narrow:
            ax.set_yticks([])
            ax.set_ylim(-0.4, n - 0.1)
        else:
            ax.set_yticks(ys, labels=list(labels))
            if highlight is not None:
                ax.get_yticklabels()[highlight].set_fontweight("bold")
            ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.tick_params(colors=_FG, labelcolor=_FG, length=0)
        if not narrow:  # on a phone the grid would cross the labels
            ax.grid(axis="x", color=_GRID, linewidth=0.8)
            ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(_GRID)
        fig.tight_layout(pad=0.3)
        svg = _svg(fig, chart_id=chart_id, title=title, desc=desc)
    kind = "narrow" if narrow else "wide"
    return Markup(str(svg).replace('class="chart"', f'class="chart chart-{kind}"', 1))


def _fit_chart(fits: Sequence[RoleFit], chosen: RoleFit) -> Markup:
    ranked = sorted(fits, key=lambda f: (-f.score, f.role_id))
    desc = "; ".join(f"{f.label} {_pct(f.score)}" for f in ranked)
    at = next(i for i, f in enumerate(ranked) if f.role_id == chosen.role_id)
    return _bar_chart([f.label for f in ranked], [f.score for f in ranked], highlight=at,
                      chart_id="chart-fit", title="Fit for each role, best first; "
                      f"{chosen.label} highlighted", desc=desc)


def _category_chart(fit: RoleFit) -> Markup:
    cats = sorted(fit.categories, key=lambda c: (-c.weight, c.category))
    desc = "; ".join(f"{c.label}: {_pct(c.score)} covered, {_pct(c.weight)} of the role"
                     for c in cats)
    return _bar_chart([f"{c.label} ({_pct(c.weight)})" for c in cats], [c.score for c in cats],
                      highlight=None, chart_id="chart-categories",
                      title=f"Coverage of each skill area for {fit.label} (share of the role in "
                      "brackets)", desc=desc)


# -- the candidate report ---------------------------------------------------------------------

_MARKUP = re.compile(r"^\s*(?:[-*+•▪·]|\d{1,2}[.)])\s+|\*\*|`")


def _plain(text: str) -> str:
    """One line of document text without list markers, bold markers or backticks."""
    return _MARKUP.sub("", " ".join(text.split()))


def _quote(context: str, text: str, *, width: int = CONTEXT_CHARS) -> dict[str, str]:
    """``context`` split around the first occurrence of ``text`` (exact case first), shortened."""
    context = _plain(context)
    text = " ".join(text.split())
    at = context.find(text)
    if at < 0:
        at = context.lower().find(text.lower())
    if at < 0 or not text:
        return {"before": context[:width] + ("…" if len(context) > width else ""),
                "match": "", "after": ""}
    before, match, after = context[:at], context[at:at + len(text)], context[at + len(text):]
    room = max(0, width - len(match)) // 2
    if len(before) > room:
        before = "…" + before[len(before) - room:].lstrip()
    if len(after) > room:
        after = after[:room].rstrip() + "…"
    return {"before": before, "match": match, "after": after}


def _evidence_view(ev: Evidence) -> dict[str, Any]:
    return {"quote": _quote(ev.context or ev.text, ev.text), "source": ev.source,
            "section": ev.section, "method": ev.method, "confidence": ev.confidence,
            "strength": ev.strength}


def _short_names(sources: Iterable[str]) -> dict[str, str]:
    """Each source by its shortest trailing path that no other source shares (``a/README.md``)."""
    parts = {src: [p for p in re.split(r"[\\/]", src) if p] or [src] for src in set(sources)}
    short: dict[str, str] = {}
    for src, segs in parts.items():
        for n in range(1, len(segs) + 1):
            tail = segs[-n:]
            if all(key == src or other[-n:] != tail for key, other in parts.items()):
                break
        short[src] = "/".join(tail)
    return short


def _category_labels(analysis: Analysis) -> dict[str, str]:
    labels: dict[str, str] = {}
    for fit in analysis.roles:
        for cat in fit.categories:
            labels.setdefault(cat.category, cat.label)
    return labels


def _skill_groups(analysis: Analysis) -> list[dict[str, Any]]:
    labels = _category_labels(analysis)
    groups: dict[str, list[SkillHit]] = {}
    for hit in analysis.skills:
        groups.setdefault(hit.category, []).append(hit)
    out = []
    for cat, hits in groups.items():
        label = labels.get(cat) or cat.replace("-", " ").replace("_", " ").capitalize()
        hits.sort(key=lambda h: (-h.strength, h.skill_id))
        out.append({"id": cat, "label": label, "skills": [
            {"id": h.skill_id, "label": h.label, "strength": h.strength,
             "confidence": h.confidence, "sources": h.sources, "years": _skill_years(h),
             "evidence": [_evidence_view(e) for e in h.evidence[:EVIDENCE_PER_SKILL]],
             "more": max(0, len(h.evidence) - EVIDENCE_PER_SKILL)} for h in hits]})
    out.sort(key=lambda g: (g["label"].lower(), g["id"]))
    return out


def _skill_years(hit: SkillHit) -> str | None:
    """'3.5 years, last used 2024-06 (job)', with the years the resume states ('; 5 years
    stated'), or None when no dated entry holds the evidence and no years are stated."""
    ex = hit.experience
    parts = []
    if ex is not None and ex.kinds and ex.last_used is not None:
        parts.append(f"{ex.years:g} years, last used {ex.last_used:%Y-%m} ({', '.join(ex.kinds)})")
    if ex is not None and ex.stated_years is not None:
        parts.append(f"{ex.stated_years:g} years stated")
    return "; ".join(parts) or None


def _experience_view(analysis: Analysis) -> dict[str, Any] | None:
    exp = analysis.experience
    if exp is None:
        return None
    return {"level": exp.level, "note": exp.note, "years": exp.professional_years,
            "internship_years": exp.internship_years, "education_years": exp.education_years,
            "reference": f"{exp.reference:%Y-%m}" if exp.reference else None,
            "evidence": [{"kind": ev.kind, "detail": ev.detail, "text": " ".join(ev.text.split())[:160],
                          "source": ev.source} for ev in exp.level_evidence if ev.text]}


def _plan(fit: RoleFit) -> list[dict[str, Any]]:
    """Missing skills in the order that closes the most fit first, with the fit after each step."""
    steps, fit_after = [], fit.score
    for ms in fit.missing:  # in the order of the score: gain, then share, required, id
        fit_after = min(1.0, fit_after + ms.gain)
        steps.append({"id": ms.skill_id, "label": ms.label, "required": ms.required,
                      "category": ms.category, "gain": ms.gain, "share": ms.share, "credit": ms.credit,
                      "fit_after": fit_after, "practice": ms.practice,
                      "practice_source": ms.practice_source})
    return steps


def _kpi_quotes(fit: RoleFit) -> list[dict[str, Any]]:
    """Each quantified achievement once, with the KPIs it speaks to."""
    quotes: dict[tuple[str, int, int], dict[str, Any]] = {}
    for k in fit.kpis:
        item = quotes.setdefault((k.source, k.start, k.end),
                                 {"text": _plain(k.text), "source": k.source, "kpis": []})
        if k.label not in item["kpis"]:
            item["kpis"].append(k.label)
    return [quotes[key] for key in sorted(quotes)]


def _other_groups(analysis: Analysis) -> list[dict[str, Any]]:
    """The skills beyond the scoring taxonomy, by O*NET / ESCO category (``other_skills``)."""
    from skillgap.report import ORIGIN_LABELS as origin
    from skillgap.report import other_skill_groups

    return [{"label": label, "skills": [
        {"id": h.skill_id, "label": h.label, "origin": origin.get(h.origin, h.origin),
         "evidence": [_evidence_view(e) for e in h.evidence[:EVIDENCE_PER_SKILL]],
         "more": max(0, len(h.evidence) - EVIDENCE_PER_SKILL)} for h in hits]}
        for label, hits in other_skill_groups(analysis)]


def _report_context(analysis: Analysis, role: str | None) -> dict[str, Any]:
    chosen = analysis.role(role) if role else (
        min(analysis.roles, key=lambda f: (-f.score, f.role_id)) if analysis.roles else None)
    categories = _category_labels(analysis)
    names = _short_names([e.source for h in (*analysis.skills, *analysis.other_skills,
                                             *analysis.languages)
                          for e in h.evidence]
                         + [d.source for d in analysis.documents]
                         + [k.source for f in analysis.roles for k in f.kpis])
    ctx: dict[str, Any] = {
        "short_name": lambda src: names.get(src, src),
        "analysis": analysis, "chosen": chosen, "role_given": role is not None,
        "fit_chart": None, "category_chart": None, "plan": [], "kpis": [], "matched": [],
        "skill_groups": _skill_groups(analysis),
        "other_groups": _other_groups(analysis),
        "languages": [{"label": h.label, "level": h.level, "id": h.skill_id,
                       "evidence": [_evidence_view(e) for e in h.evidence[:EVIDENCE_PER_SKILL]]}
                      for h in analysis.languages],
        "experience": _experience_view(analysis),
        "sources": sorted({d.source for d in analysis.documents}),
        "ignored": [{"text": i.text, "reason": i.reason, "source": i.source,
                     "quote": _quote(i.context or i.text, i.text)} for i in analysis.ignored],
        "category_label": lambda cid: categories.get(cid, cid),
    }
    if chosen is not None:
        labels = {h.skill_id: h.label for h in analysis.skills}
        ctx.update(
            fit_chart=_fit_chart(analysis.roles, chosen),
            category_chart=_category_chart(chosen) if chosen.categories else None,
            plan=_plan(chosen), kpis=_kpi_quotes(chosen),
            matched=[{"label": m.label, "required": m.required, "credit": m.credit,
                      "contribution": m.contribution,
                      "via": None if m.via == m.skill_id else labels.get(m.via, m.via)}
                     for m in chosen.matched])
    return ctx


def render_html(analysis: Analysis, *, role: str | None = None, redact: bool = False) -> str:
    """One self-contained HTML page for ``analysis``.

    It shows the fit for every role as a ranked bar chart (``role``, or the best fit, highlighted),
    that role's coverage per skill area, a learning plan (missing skills, most fit gained first,
    each with its practice task), KPI evidence, every skill found with its evidence quoted in
    context, and what was read.

    Args:
        analysis: the result of :func:`skillgap.analyze`.
        role: the role to detail; ``None`` picks the best fit.
        redact: mask e-mails, phone numbers and street addresses (:mod:`skillgap.report.redact`).

    Raises:
        UnknownRoleError: ``role`` was not scored in ``analysis``.

    >>> from skillgap import Document, analyze
    >>> a = analyze(Document.from_text("Experience\\n- Served PyTorch models with FastAPI"),
    ...             role="ml-engineer", embeddings=False)
    >>> page = render_html(a)
    >>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "Learning plan" in page
    (True, True, True)
    """
    if redact:
        from skillgap.report.redact import redact_analysis

        analysis = redact_analysis(analysis)
    ctx = _report_context(analysis, role)
    return _environment().get_template("report.html.j2").render(**ctx, redacted=redact)


# -- the leaderboard --------------------------------------------------------------------------

def _ratio(value: str | None) -> float | None:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value or "")
    if not m:
        return None
    num, den = int(m.group(1)), int(m.group(2))
    return num / den if den else 1.0


def render_leaderboard(rows: Iterable[Mapping[str, Any]], *, role_label: str, links: bool = True,
                       redact: bool = False) -> str:
    """A self-contained HTML leaderboard of a batch run: one sortable row per candidate.

    Each row is a mapping with these keys:

    ``candidate_id`` (str)
        the candidate's name in the batch (folder or file stem).
    ``score`` (float in [0, 1] or None)
        fit for the role; ``None`` when the candidate failed.
    ``required_coverage`` (float in [0, 1] or None)
        share of the role's required skills shown.
    ``must_haves_met`` (str such as ``"5/7"``, or None)
        must-have skills of a screen that are met, when a screen was applied.
    ``kpi_evidence`` (int)
        number of quantified achievements that speak to the role's KPIs.
    ``error`` (str or None)
        why the candidate could not be analysed (one line); ``None`` when it was.
    ``report`` (str or None)
        href of the candidate's own report, relative to the leaderboard file.
    ``level`` (str or None), ``years_experience`` (float or None)
        the level the resume's dated experience reads as, and its professional years.
    ``other_skills`` (str or None)
        the skills found beyond the role's taxonomy, ``;``-separated (the batch column).
    ``languages`` (str or None)
        the languages spoken with their level, ``;``-separated (the batch column).

    Rows are ranked by score (best first, ties by ``candidate_id``); failed rows come last and
    have no rank. The table sorts by any column in the browser (a small inline script); without
    script it stays in rank order.

    Args:
        rows: one mapping per candidate, as above; missing keys count as ``None`` (0 for
            ``kpi_evidence``).
        role_label: the role the candidates were scored for, shown in the title.
        links: link each candidate to its ``report``; ``False`` shows plain names.
        redact: mask e-mails, phone numbers and addresses in candidate ids and errors.

    >>> page = render_leaderboard([{"candidate_id": "ana", "score": 0.62,
    ...     "required_coverage": 0.5, "must_haves_met": "3/4", "kpi_evidence": 2,
    ...     "error": None, "report": "ana.html"}], role_label="ML Engineer")
    >>> 'href="ana.html"' in page, "62%" in page
    (True, True)
    """
    from skillgap.report.redact import redact_text

    def clean(value: Any) -> Any:
        return redact_text(value) if redact and isinstance(value, str) else value

    items = []
    for row in rows:
        score = row.get("score")
        error = row.get("error")
        items.append({
            "candidate_id": clean(str(row.get("candidate_id", ""))),
            "score": None if score is None else float(score),
            "required_coverage": row.get("required_coverage"),
            "must_haves_met": row.get("must_haves_met"),
            "must_ratio": _ratio(row.get("must_haves_met")),
            "kpi_evidence": int(row.get("kpi_evidence") or 0),
            "error": clean(" ".join(str(error).split())) if error else None,
            "report": row.get("report") if links else None,
            "level": row.get("level") or None,
            "years_experience": row.get("years_experience"),
            "other_skills": [clean(s.strip()) for s in str(row.get("other_skills") or "").split(";")
                             if s.strip()],
            "languages": [s.strip() for s in str(row.get("languages") or "").split(";")
                          if s.strip()],
        })
    items.sort(key=lambda r: (r["score"] is None or r["error"] is not None,
                              -(r["score"] or 0.0), r["candidate_id"]))
    rank = 0
    for item in items:
        if item["score"] is not None and item["error"] is None:
            rank += 1
            item["rank"] = rank
        else:
            item["rank"] = None
    failed = sum(1 for r in items if r["rank"] is None)
    return _environment().get_template("leaderboard.html.j2").render(
        rows=items, role_label=role_label, failed=failed, redacted=redact)
