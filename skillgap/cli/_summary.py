"""The readable summary ``skillgap analyze`` prints to a terminal: best roles, gaps, skills."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from skillgap.models import Analysis

__all__ = ["print_summary"]

TOP_ROLES = 5
TOP_MISSING = 5
TOP_SKILLS = 15


def _bar(x: float, width: int = 20) -> Text:
    full = round(max(0.0, min(1.0, x)) * width)
    style = "green" if x >= 0.70 else "yellow" if x >= 0.45 else "red"
    return Text("█" * full, style=style) + Text("░" * (width - full), style="dim")


def _one_line(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_summary(analysis: Analysis, *, role: str | None = None) -> Group:
    """The summary as rich renderables (roles with fit bars, top gaps with practice tasks,
    skills found with their strongest evidence)."""
    parts: list = []
    roles = sorted(analysis.roles, key=lambda r: (-r.score, r.role_id))
    focus = next((r for r in roles if r.role_id == role), roles[0] if roles else None)

    table = Table(title="Role fit", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("Role")
    table.add_column("Fit", no_wrap=True)
    table.add_column("", justify="right")
    table.add_column("Required shown", justify="right")
    for fit in roles[:TOP_ROLES]:
        table.add_row(fit.label, _bar(fit.score), f"{round(100 * fit.score)}%",
                      f"{round(100 * fit.required_coverage)}%")
    parts.append(table)
    if focus is not None and focus.reason:
        parts.append(Text(_one_line(focus.reason, 200)))
    exp = analysis.experience
    if exp is not None:
        parts.append(Text(f"Level: {exp.level} ({_one_line(exp.note, 120)})" if exp.level
                          else f"Level: not given ({_one_line(exp.note or 'no dated entries', 120)})",
                          style="bold" if exp.level else "dim"))

    if focus is not None and focus.missing:
        gaps = Table(title=f"Closest gaps for {focus.label}", title_justify="left", show_edge=False,
                     pad_edge=False)
        gaps.add_column("Skill")
        gaps.add_column("Adds", justify="right")
        gaps.add_column("Practice task")
        for miss in focus.missing[:TOP_MISSING]:
            gaps.add_row(miss.label, f"+{round(100 * miss.gain)} pts", _one_line(miss.practice or "—"))
        parts.append(Text())
        parts.append(gaps)

    if analysis.skills:
        found = Table(title=f"Skills found ({len(analysis.skills)})", title_justify="left",
                      show_edge=False, pad_edge=False)
        found.add_column("Skill")
        found.add_column("Strongest evidence")
        found.add_column("Where", style="dim")
        ranked = sorted(analysis.skills, key=lambda s: (-s.strength, s.skill_id))
        for hit in ranked[:TOP_SKILLS]:
            best = max(hit.evidence, key=lambda e: (e.strength, e.confidence, -e.start))
            found.add_row(hit.label, _one_line(best.context or best.text, 70),
                          f"{best.section} ({best.method})")
        if len(ranked) > TOP_SKILLS:
            found.caption = f"… and {len(ranked) - TOP_SKILLS} more (--format md or json for all)"
        parts.append(Text())
        parts.append(found)
    else:
        parts.append(Text("No skills of the taxonomy were found.", style="yellow"))
    return Group(*parts)


def print_summary(analysis: Analysis, *, role: str | None = None, console: Console | None = None) -> None:
    """Print the summary to the terminal (stdout)."""
    console = console or Console()
    title = "skillgap"
    if analysis.roles:
        best = min(analysis.roles, key=lambda r: (-r.score, r.role_id))
        title = f"skillgap · best fit: {best.label} {round(100 * best.score)}%"
    console.print(Panel(build_summary(analysis, role=role), title=title, title_align="left"))
