"""The plan-delivery scorecard: one self-contained HTML page of charts and their sources.

Pure: `build_scorecard(con)` reads the report models (dbt_project/models/reports/: one view per
query, over the marts) through a (read-only) DuckDB connection and returns the page; nothing here imports Dagster,
and only `write_atomically` writes a file. The page needs no network: the Vega,
Vega-Lite and Vega-Embed JavaScript (from vl-convert, the version Altair's specs are written
for) and every chart's data are inlined. Charts render as SVG; every figure on a chart carries
its quote, document and sentence in its tooltip, and the table under the chart lists them too.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from orchestration.analyst.queries import latest_check_results, open_findings

FONT = "'Noto Sans CJK SC','WenQuanYi Zen Hei','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
CAPACITY_ROLES = {  # a capacity bar's kind (scorecard_indicators.csv: chart_role) → its legend entry, colour key
    "retired": ("退出 retired", "retired"),
    "added": ("新增 added", "added"),
    "developable": ("可开发 developable", "muted"),
}
ASSESSMENT_LABELS = {
    "exceeded": "超出预期 Ahead of expectations",
    "on_track": "符合预期 In line with expectations",
}
# Plan-delivery statuses (marts.fct_target_attainment.status), worst first: label and colour.
STATUSES = {
    "not met": ("未完成 not met", "#b5523b"),
    "lagging": ("滞后 lagging", "#d9822b"),
    "pace unknown": ("进度未知 pace unknown", "#9aa5b1"),
    "no actual yet": ("尚无实际值 no actual yet", "#c9d3dd"),
    "on track": ("符合进度 on track", "#5b7fa6"),
    "ahead": ("超前 ahead", "#2f7d5b"),
    "met": ("已完成 met", "#2f7d5b"),
}
COLORS = {"retired": "#b5523b", "added": "#2f7d5b", "other": "#5b7fa6", "muted": "#c9d3dd"}


@dataclass
class Chart:
    title: str
    spec: dict


@dataclass
class Section:
    anchor: str
    title_zh: str
    title_en: str
    intro: str = ""
    charts: list[Chart] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # HTML fragments after the charts


@dataclass(frozen=True)
class Scorecard:
    html: str
    charts: int
    figures: int  # figures shown with their quotes
    sections: tuple[str, ...]
    headline: tuple[tuple[str, str], ...]  # (label, value) of the tiles at the top


# --------------------------------------------------------------------------- data
#
# Every query reads a report model (dbt_project/models/reports/rpt_scorecard_*, schema `reports`):
# the SQL and the scope (Liaocheng and its counties: dbt var scorecard_region) live in dbt, where
# lineage shows them; which indicators a section shows comes from seeds/curated/scorecard_indicators.csv.
# Here only the page's order and the chart-only columns are chosen.

SCOPE_REGIONS = "(SELECT region_code FROM reports.rpt_scorecard_regions)"
REPORT_MODELS = (  # every report model the queries below read (tests/test_scorecard.py checks the list)
    "rpt_scorecard_regions", "rpt_scorecard_documents", "rpt_scorecard_assessment", "rpt_scorecard_figures",
    "rpt_scorecard_completion", "rpt_scorecard_projects", "rpt_scorecard_project_funnel",
    "rpt_scorecard_finding_values", "rpt_scorecard_delivery", "rpt_scorecard_delivery_series",
)
CHART_COLUMNS = ["chart", "chart_label", "chart_role", "chart_order"]  # rpt_scorecard_figures: not figure data


class MissingReportModels(RuntimeError):
    """The warehouse was published before the report models existed (or without them)."""


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).fetchdf()


def check_report_models(con: duckdb.DuckDBPyConnection) -> None:
    """Fail in one line, naming what is missing, when the warehouse lacks a report model the page reads."""
    present = {name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reports'").fetchall()}
    missing = [name for name in REPORT_MODELS if name not in present]
    if missing:
        what = ("no scorecard report models (schema reports)" if len(missing) == len(REPORT_MODELS)
                else "no reports." + ", reports.".join(missing))
        raise MissingReportModels(f"the warehouse has {what}: refresh it (make run or plan-warehouse refresh) "
                                  "to build the scorecard's report models")


def figures(con: duckdb.DuckDBPyConnection, section: str) -> pd.DataFrame:
    """The stated figures a section shows (rpt_scorecard_figures), in reading order, with their chart columns."""
    return _frame(con, "SELECT * EXCLUDE (section, observation_id) FROM reports.rpt_scorecard_figures "
                       "WHERE section = ? ORDER BY doc_id, char_start", [section])


def plan_assessment(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(con, "SELECT * EXCLUDE (assessment_order) FROM reports.rpt_scorecard_assessment "
                       "ORDER BY assessment_order")


def completion(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Projects planned to complete and in production, per document and period, with the rate."""
    return _frame(con, "SELECT * EXCLUDE (period_id) FROM reports.rpt_scorecard_completion ORDER BY period_id")


def projects(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(con, "SELECT * FROM reports.rpt_scorecard_projects ORDER BY stage_order DESC, project_code")


def project_funnel(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per lifecycle stage: projects whose furthest reported stage it is, and that reached at least it."""
    return _frame(con, "SELECT * FROM reports.rpt_scorecard_project_funnel ORDER BY stage_order = 0, stage_order")


def finding_values(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Both sides of every open finding that compares two documents' figures, with their values."""
    return _frame(con, "SELECT * FROM reports.rpt_scorecard_finding_values ORDER BY finding_id, doc_id")


def delivery(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per indicator: its target against the latest actual (rpt_scorecard_delivery), worst status first."""
    order = ", ".join(f"'{s}'" for s in STATUSES)
    return _frame(con, f"SELECT * FROM reports.rpt_scorecard_delivery ORDER BY list_position([{order}], status), "
                       "indicator_code, region_code, target_id")


def delivery_series(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(con, "SELECT * FROM reports.rpt_scorecard_delivery_series ORDER BY target_id, year")


def documents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(con, "SELECT * FROM reports.rpt_scorecard_documents ORDER BY doc_id")


def check_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Checks of the last recorded run by severity and status."""
    checks = latest_check_results(con)
    return checks.groupby(["severity", "status"]).size().reset_index(name="checks")


# --------------------------------------------------------------------------- formatting


def fmt_number(value: float | int | None) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def esc(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def marked_sentence(sentence: str | None, quote: str | None) -> str:
    """The sentence, escaped, with the first occurrence of the quote highlighted."""
    sentence = sentence if isinstance(sentence, str) else ""  # a missing sentence comes back from pandas as NaN
    quote = quote if isinstance(quote, str) else ""
    i = sentence.find(quote) if quote else -1
    if i < 0:
        return esc(sentence)
    return esc(sentence[:i]) + f"<mark>{esc(quote)}</mark>" + esc(sentence[i + len(quote):])


def short(text: str | None, n: int = 90) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def doc_label(doc_id: str | None, title: str | None) -> str:
    return f"{doc_id or ''} {('《' + title + '》') if title else ''}".strip()


def html_table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """Headers are escaped; cells are HTML already."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def figure_table(obs: pd.DataFrame) -> str:
    """Every figure with its quote, indicator, value, period, document and sentence."""
    rows = [
        [
            f'<span class="quote">{esc(r.quote)}</span>',
            f"{esc(r.indicator_name_zh)}<br><small>{esc(r.indicator_name_en)}</small>",
            f"{fmt_number(r.value)} {esc(r.unit_code)}"
            + (f" <small>({esc(r.qualifier)})</small>" if r.qualifier not in (None, "exact") else ""),
            esc(r.period),
            f"{esc(r.doc_id)}<br><small>{esc(r.title)}</small>",
            f'<span class="sentence">{marked_sentence(r.sentence, r.quote)}</span>',
        ]
        for r in obs.itertuples(index=False)
    ]
    return html_table(["数字 Figure", "指标 Indicator", "数值 Value", "时期 Period", "文件 Document", "原文 Sentence"],
                      rows, "sources")


# --------------------------------------------------------------------------- charts


def _tooltips(*extra: alt.Tooltip) -> list[alt.Tooltip]:
    return [*extra, alt.Tooltip("quote:N", title="原文数字 Quote"), alt.Tooltip("doc:N", title="文件 Document"),
            alt.Tooltip("sentence_short:N", title="原句 Sentence")]


def _with_source_fields(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["doc"] = [doc_label(d, t) for d, t in zip(df["doc_id"], df["title"])]
    df["sentence_short"] = [short(s) for s in df["sentence"]]
    return df


def _finish(chart: alt.TopLevelMixin) -> dict:
    return (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=320)
        .to_dict()
    )


def _hbar(df: pd.DataFrame, *, y: str, x: str, x_title: str, color: str | alt.Color, text: str,
          tooltip: list[alt.Tooltip], sort: list[str] | str | None = None, height: int | None = None,
          x_scale: alt.Scale | None = None, x_axis: alt.Axis | None = None) -> alt.LayerChart:
    base = alt.Chart(df).encode(
        y=alt.Y(f"{y}:N", title=None, sort=sort),
        x=alt.X(f"{x}:Q", title=x_title, scale=x_scale or alt.Undefined, axis=x_axis or alt.Undefined),
        tooltip=tooltip,
    )
    bars = base.mark_bar(cornerRadiusEnd=3, **({"color": color} if isinstance(color, str) else {}))
    if not isinstance(color, str):
        bars = bars.encode(color=color)
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text=f"{text}:N")
    return (bars + labels).properties(width=560, height=height or max(60, 34 * len(df)))


def assessment_chart(pa: pd.DataFrame) -> dict:
    df = pa.assign(label=[ASSESSMENT_LABELS.get(a, a) for a in pa.assessment],
                   text=[f"{n}项 · {z}等" for n, z in zip(pa.indicator_count, pa.named_zh)])
    df = _with_source_fields(df)
    return _finish(_hbar(
        df, y="label", x="indicator_count", x_title="主要指标数 Main indicators", color=COLORS["added"], text="text",
        sort=list(df.label), tooltip=_tooltips(alt.Tooltip("indicator_count:Q", title="指标数 Indicators"),
                                               alt.Tooltip("named_zh:N", title="点名指标"),
                                               alt.Tooltip("named_en:N", title="Named indicators")),
    ))


def capacity_chart(energy: pd.DataFrame) -> dict:
    rows = energy[energy.chart == "capacity"]
    cap = rows.drop(columns=CHART_COLUMNS)
    cap["label"] = list(rows.chart_label)
    cap["role"] = [CAPACITY_ROLES[r][0] for r in rows.chart_role]
    cap["wan_kw"] = cap.value / 10_000
    cap["text"] = [f"{fmt_number(v)}万千瓦" for v in cap.wan_kw]
    cap = _with_source_fields(cap)
    color = alt.Color("role:N", title="类别 Kind", scale=alt.Scale(
        domain=[label for label, _ in CAPACITY_ROLES.values()],
        range=[COLORS[color] for _, color in CAPACITY_ROLES.values()]))
    return _finish(_hbar(
        cap, y="label", x="wan_kw", x_title="装机容量（万千瓦）Capacity (10,000 kW)", color=color, text="text",
        sort=list(dict.fromkeys(rows.sort_values("chart_order", kind="stable").chart_label)),
        tooltip=_tooltips(alt.Tooltip("wan_kw:Q", title="万千瓦 10,000 kW"), alt.Tooltip("period:N", title="时期 Period")),
    ))


def share_chart(share: pd.DataFrame) -> dict:
    df = _with_source_fields(share.assign(
        label=[f"{z} {e}" for z, e in zip(share.indicator_name_zh, share.indicator_name_en)],
        text=[f"{fmt_number(v)}%" for v in share.value], full=100))
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None))
    track = base.mark_bar(color="#eef1f4").encode(x=alt.X("full:Q", title="占比（%）Share (%)",
                                                           scale=alt.Scale(domain=[0, 100])))
    tooltip = _tooltips(alt.Tooltip("value:Q", title="% share"), alt.Tooltip("period:N", title="时期 Period"))
    bar = base.mark_bar(color=COLORS["added"]).encode(x="value:Q", tooltip=tooltip)
    text = base.mark_text(align="left", dx=4).encode(x="value:Q", text="text:N", tooltip=tooltip)
    return _finish((track + bar + text).properties(width=560, height=max(50, 34 * len(df))))


def funnel_chart(funnel: pd.DataFrame) -> dict:
    df = funnel.assign(text=[f"{r} 个达到 reached · {a} 个停在此阶段 at this stage"
                             for r, a in zip(funnel.reached, funnel.at_stage)])
    df = df.sort_values("stage_order", key=lambda s: s.replace(0, 99))
    return _finish(_hbar(
        df, y="stage", x="reached", x_title="至少达到该阶段的项目数 Projects that reached at least this stage",
        color=alt.Color("stage_order:O", legend=None, scale=alt.Scale(scheme="greens")), text="text",
        sort=list(df.stage), tooltip=[
            alt.Tooltip("stage:N", title="阶段 Stage"), alt.Tooltip("reached:Q", title="至少达到 Reached"),
            alt.Tooltip("at_stage:Q", title="最远在此 Furthest here"), alt.Tooltip("projects:N", title="项目 Projects")],
    ))


def completion_chart(comp: pd.DataFrame) -> dict:
    rows = []
    for r in comp.itertuples(index=False):
        rows.append({"label": f"计划竣工投产 Planned ({r.period})", "value": r.planned, "quote": r.planned_quote,
                     "sentence": r.planned_sentence, "doc_id": r.doc_id, "title": r.title, "role": "planned"})
        rows.append({"label": f"已投产 In production ({r.period})", "value": r.in_production,
                     "quote": r.in_production_quote, "sentence": r.in_production_sentence, "doc_id": r.doc_id,
                     "title": r.title, "role": "done"})
    df = _with_source_fields(pd.DataFrame(rows)).assign(text=lambda d: [f"{v}个" for v in d.value])
    color = alt.Color("role:N", legend=None, scale=alt.Scale(domain=["planned", "done"],
                                                           range=[COLORS["muted"], COLORS["added"]]))
    return _finish(_hbar(df, y="label", x="value", x_title="项目数 Projects", color=color, text="text",
                         sort=list(df.label), tooltip=_tooltips(alt.Tooltip("value:Q", title="项目数 Projects"))))


def log_ticks(top: float) -> list[float]:
    """0 and the powers of ten up to ``top``: readable ticks for a symlog axis."""
    ticks, t = [0], 1
    while t <= top:
        ticks.append(t)
        t *= 10
    return ticks


def livelihood_charts(liv: pd.DataFrame) -> list[Chart]:
    charts = []
    liv = _with_source_fields(liv.assign(
        label=[f"{z} {e}" for z, e in zip(liv.indicator_name_zh, liv.indicator_name_en)],
        text=[q for q in liv.quote]))
    pct = liv[liv.unit_code == "percent"]
    if len(pct):
        charts.append(Chart("比例 Shares and coverage (%)", _finish(_hbar(
            pct, y="label", x="value", x_title="%", color=COLORS["other"], text="text",
            x_scale=alt.Scale(domain=[0, 100]),
            tooltip=_tooltips(alt.Tooltip("value:Q", title="%"), alt.Tooltip("qualifier:N", title="限定 Qualifier"))))))
    counts = liv[liv.unit_code != "percent"]
    if len(counts):
        # symlog: the counts span 5.3 to 1,000, and unlike a log scale it keeps the bars' zero baseline
        charts.append(Chart("数量 Counts (对数刻度 log scale)", _finish(_hbar(
            counts, y="label", x="value", x_title="数量（对数刻度）Count (symmetric log scale)", color=COLORS["other"],
            text="text", x_scale=alt.Scale(type="symlog"), x_axis=alt.Axis(values=log_ticks(counts.value.max())),
            tooltip=_tooltips(alt.Tooltip("value:Q", title="数值 Value"), alt.Tooltip("unit_code:N", title="单位 Unit"))))))
    return charts


def finding_chart(values: pd.DataFrame) -> dict:
    df = _with_source_fields(values.assign(
        label=[f"{d} · {z}" for d, z in zip(values.doc_id, values.indicator_name_zh)], text=list(values.quote)))
    return _finish(_hbar(df, y="label", x="value", x_title="报告的数字 Reported figure", color=COLORS["retired"],
                         text="text", tooltip=_tooltips(alt.Tooltip("value:Q", title="数值 Value"))))


def status_chart(rows: pd.DataFrame) -> dict:
    """The portfolio of statuses: how many indicators stand at each."""
    counts = rows.groupby("status").size()
    df = pd.DataFrame([{"status": s, "label": label, "n": int(counts.get(s, 0))}
                       for s, (label, _) in STATUSES.items() if counts.get(s, 0)])
    df["text"] = [f"{n}项" for n in df.n]
    color = alt.Color("label:N", legend=None, scale=alt.Scale(domain=[STATUSES[s][0] for s in df.status],
                                                              range=[STATUSES[s][1] for s in df.status]))
    return _finish(_hbar(df, y="label", x="n", x_title="指标数 Indicators", color=color, text="text", sort=list(df.label),
                         tooltip=[alt.Tooltip("label:N", title="状态 Status"), alt.Tooltip("n:Q", title="指标数 Indicators")]))


def sparkline(points: pd.DataFrame, target: float | None, target_year: int | None, *, width: int = 120, height: int = 32) -> str:
    """A small inline SVG: the yearly values (each point titled with its quote) and the target as a tick."""
    pts = [(int(r.year), float(r.signed_value), str(r.quote)) for r in points.itertuples(index=False)
           if r.signed_value is not None and not pd.isna(r.signed_value)]
    if not pts:
        return "—"
    xs = [p[0] for p in pts] + ([target_year] if target_year is not None and target is not None else [])
    ys = [p[1] for p in pts] + ([target] if target is not None else [])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def at(x: float, y: float) -> tuple[float, float]:
        fx = 0.5 if x1 == x0 else (x - x0) / (x1 - x0)
        fy = 0.5 if y1 == y0 else (y - y0) / (y1 - y0)
        return 4 + fx * (width - 8), height - 4 - fy * (height - 8)

    line = " ".join(f"{at(x, y)[0]:.1f},{at(x, y)[1]:.1f}" for x, y, _ in pts)
    dots = "".join(f'<circle cx="{at(x, y)[0]:.1f}" cy="{at(x, y)[1]:.1f}" r="2.5" fill="#5b7fa6">'
                   f"<title>{x}: {esc(q)}</title></circle>" for x, y, q in pts)
    mark = ""
    if target is not None and target_year is not None:
        tx, ty = at(target_year, target)
        mark = (f'<line x1="{tx - 5:.1f}" x2="{tx + 5:.1f}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#b5523b" stroke-width="2">'
                f"<title>{target_year} 目标 target</title></line>")
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
            f'<polyline points="{line}" fill="none" stroke="#5b7fa6" stroke-width="1.5"/>{dots}{mark}</svg>')


def _signed(value, change_kind) -> float | None:
    if value is None or pd.isna(value):
        return None
    return -float(value) if change_kind == "decrease" else float(value)


def delivery_section(con: duckdb.DuckDBPyConnection) -> tuple[Section, pd.DataFrame]:
    """六、规划实施: a row per indicator with target, latest actual, status, pace still needed and trajectory."""
    rows, series = delivery(con), delivery_series(con)
    s = Section("delivery", "六、规划实施：目标与实际", "Plan delivery: targets against actuals",
                "每项指标的目标、最新实际值、状态与实现目标尚需的年均增速。 Each indicator's target, its latest actual, "
                "the status and the annual pace still needed (rules: README, Plan delivery).")
    if len(rows):
        s.charts.append(Chart("状态分布 Portfolio of statuses", status_chart(rows)))
        table = []
        for r in rows.itertuples(index=False):
            label, colour = STATUSES.get(r.status, (r.status, "#9aa5b1"))
            unit = esc(r.unit_code) + (f" {esc(r.change_kind)}" if r.change_kind != "level" else "")
            actual = (f'{fmt_number(r.actual_value)} <span class="quote">{esc(r.actual_quote)}</span><br>'
                      f"<small>{esc(r.actual_as_of)} · {esc(r.actual_doc_id)}</small>") if r.actual_quote else "—"
            pace = (f"{fmt_number(round(r.required_pace_pct, 2))}%/年<br><small>「{esc(r.actual_quote)}」→「{esc(r.target_quote)}」</small>"
                    if r.required_pace_pct is not None and not pd.isna(r.required_pace_pct) else "—")
            points = series[series.target_id == r.target_id]
            table.append([
                f"{esc(r.indicator_name_zh)}<br><small>{esc(r.indicator_name_en)} · {esc(r.region_name_zh)}</small>",
                f'{esc(r.target_period)}: {fmt_number(r.target_value)} {unit} <small>({esc(r.target_qualifier)})</small><br>'
                f'<span class="quote">{esc(r.target_quote)}</span> <small>{esc(r.target_doc_id)}</small>',
                actual,
                f'<span class="status" data-status="{esc(r.status)}" style="background:{colour}">{esc(label)}</span>'
                f"<br><small>{esc(r.status_rule)}</small>",
                pace,
                sparkline(points, _signed(r.target_value, r.change_kind), r.target_year),
            ])
        s.body.append(html_table(["指标 Indicator", "目标 Target", "最新实际 Latest actual", "状态 Status",
                                  "尚需年均增速 Pace needed", "走势 Trajectory"], table, "sources delivery"))
    else:
        s.body.append("<p>没有目标数字。 No targets in the scorecard's reports.</p>")
    return s, rows


# --------------------------------------------------------------------------- sections


def _tiles(tiles: list[tuple[str, str, str]]) -> str:
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><div class="big">{esc(v)}</div><div class="lbl">{esc(label)}</div>'
        f'<div class="src">{src}</div></div>'
        for label, v, src in tiles
    ) + "</div>"


def _source_note(quote: str, doc_id: str) -> str:
    return f"「{esc(quote)}」 {esc(doc_id)}"


def build_sections(con: duckdb.DuckDBPyConnection) -> tuple[list[Section], list[tuple[str, str, str]], int]:
    """The sections, the headline tiles (label, value, source HTML) and how many figures are cited."""
    cited = 0
    tiles: list[tuple[str, str, str]] = []
    sections: list[Section] = []

    pa = plan_assessment(con)
    s = Section("assessment", "一、规划主要指标评估", "Plan assessment",
                "《纲要》主要指标的评估：超出预期与符合预期的指标数。 How the outline's main indicators stand.")
    if len(pa):
        s.charts.append(Chart("指标评估 Indicators by assessment", assessment_chart(pa)))
        s.body.append(html_table(
            ["评估 Assessment", "指标数 Count", "点名指标 Named indicators", "文件 Document", "原文 Sentence"],
            [[esc(ASSESSMENT_LABELS.get(r.assessment, r.assessment)), f'<span class="quote">{esc(r.quote)}</span>',
              f"{esc(r.named_zh)}<br><small>{esc(r.named_en)}</small>", f"{esc(r.doc_id)}<br><small>{esc(r.title)}</small>",
              f'<span class="sentence">{marked_sentence(r.sentence, r.quote)}</span>'] for r in pa.itertuples(index=False)],
            "sources"))
        cited += len(pa)
        for r in pa.itertuples(index=False):
            tiles.append((ASSESSMENT_LABELS.get(r.assessment, r.assessment), f"{r.indicator_count}项",
                          _source_note(r.quote, r.doc_id)))
    sections.append(s)

    energy = figures(con, "energy")
    s = Section("energy", "二、能源转型", "Energy transition",
                "关停小煤电与新增光伏、风电装机；新能源装机占比。 Coal retired against PV and wind added; "
                "the new-energy share of capacity.")
    if (energy.chart == "capacity").any():
        s.charts.append(Chart("装机容量 Capacity retired and added", capacity_chart(energy)))
    share = energy[energy.chart == "share"].drop(columns=CHART_COLUMNS)
    if len(share):
        s.charts.append(Chart("新能源装机占比 New-energy share of capacity", share_chart(share)))
        r = share.iloc[0]
        tiles.append(("新能源装机占比 New-energy share", f"{fmt_number(r.value)}%", _source_note(r.quote, r.doc_id)))
    s.body.append(figure_table(energy))
    cited += len(energy)
    sections.append(s)

    named = projects(con)
    comp = completion(con)
    s = Section("projects", "三、重点项目", "Key projects",
                "点名项目按已报告的最远生命周期阶段；年度竣工投产率。 Named projects by the furthest lifecycle stage "
                "reported; the year's completion rate.")
    if len(named):
        s.charts.append(Chart("项目生命周期漏斗 Lifecycle funnel", funnel_chart(project_funnel(con))))
    if len(comp):
        s.charts.append(Chart("年度竣工投产 Completion this year", completion_chart(comp)))
        for r in comp.itertuples(index=False):
            tiles.append((f"{r.period} 竣工投产率 Completion rate", f"{fmt_number(r.completion_rate_pct)}%",
                          f"{_source_note(r.in_production_quote, r.doc_id)} / {esc(r.planned_quote)}"))
            s.body.append(
                f'<p class="calc">{esc(r.period)}：已投产 <b>{r.in_production}</b> ÷ 计划竣工投产 <b>{r.planned}</b> = '
                f"<b>{fmt_number(r.completion_rate_pct)}%</b> (in production ÷ planned) — "
                f'<span class="sentence">{marked_sentence(r.in_production_sentence, r.in_production_quote)}</span> '
                f"<small>{esc(r.doc_id)}</small></p>")
    portfolio = figures(con, "projects")
    s.body.append(figure_table(portfolio))
    cited += len(portfolio)
    s.body.append(html_table(
        ["项目 Project", "类别 Category", "最远阶段 Furthest stage", "原文 Quote", "文件 Document"],
        [[f"{esc(r.project_name_zh)}<br><small>{esc(r.project_name_en)}</small>",
          f"{esc(r.category_name_zh)} <small>{esc(r.category_name_en)}</small>",
          f"{esc(r.status_zh)}<br><small>{esc(r.status_en)}</small>",
          f'<span class="sentence">{esc(r.quote) or "—"}</span>', esc(r.doc_id)] for r in named.itertuples(index=False)],
        "sources"))
    sections.append(s)

    liv = figures(con, "livelihood").drop(columns=CHART_COLUMNS)
    s = Section("livelihood", "四、民生", "Livelihood", "民生、医疗与教育的数字。 Livelihood, health and education figures.")
    s.charts.extend(livelihood_charts(liv) if len(liv) else [])
    s.body.append(figure_table(liv))
    cited += len(liv)
    sections.append(s)

    fd = open_findings(con, region_scope=SCOPE_REGIONS)
    values = finding_values(con)
    s = Section("findings", "五、一致性核查发现", "Consistency findings",
                "两份官方报告之间或报告内部不一致之处；两份都是公开来源，均予保留。 Where the reports disagree with "
                "each other or themselves; both sources stay published.")
    tiles.append(("待核查发现 Open findings", str(len(fd)), "marts.fct_open_findings"))
    if len(values):
        s.charts.append(Chart("两份报告的数字 The figures each report gives", finding_chart(values)))
    s.body.append(findings_table(fd) if len(fd) else "<p>没有待核查的发现。 No open findings.</p>")
    checks = check_summary(con)
    if len(checks):
        s.body.append("<h3>检查结果 Checks</h3>" + html_table(
            ["级别 Severity", "结果 Status", "检查数 Checks"],
            [[esc(r.severity), esc(r.status), str(r.checks)] for r in checks.itertuples(index=False)], "compact"))
    cited += 2 * len(fd)
    sections.append(s)

    s, rows = delivery_section(con)
    for status, (label, _) in STATUSES.items():
        n = int((rows.status == status).sum()) if len(rows) else 0
        if n:
            tiles.append((f"目标 {label}", f"{n}项", "marts.fct_target_attainment"))
    cited += int(len(rows) + rows.actual_quote.notna().sum()) if len(rows) else 0
    sections.append(s)
    return sections, tiles, cited


def findings_table(fd: pd.DataFrame) -> str:
    rows = []
    for r in fd.itertuples(index=False):
        side_b = (f'<span class="quote">{esc(r.quote_b)}</span> {esc(r.doc_b)}<br><small>{esc(r.title_b)}</small><br>'
                  f'<span class="sentence">{marked_sentence(r.sentence_b, r.quote_b)}</span>') if r.doc_b else "—"
        rows.append([
            f'<span class="sev sev-{esc(r.severity).lower()}">{esc(r.severity)}</span>',
            f"{esc(r.rule_zh)}<br><small>{esc(r.rule_en)}</small>",
            f"{esc(r.indicator_name_zh)}<br><small>{esc(r.indicator_name_en)}</small><br><small>{esc(r.period)}</small>",
            f'<span class="quote">{esc(r.quote_a)}</span> {esc(r.doc_a)}<br><small>{esc(r.title_a)}</small><br>'
            f'<span class="sentence">{marked_sentence(r.sentence_a, r.quote_a)}</span>',
            side_b,
            esc(r.detail),
        ])
    return html_table(["级别 Severity", "规则 Rule", "指标 Indicator", "文件A Document A", "文件B Document B",
                       "说明 Detail"], rows, "sources findings")


# --------------------------------------------------------------------------- page


def bundle_cache_dir() -> Path:
    """Where the Vega bundle is kept between processes: $PLAN_CACHE_DIR, else $XDG_CACHE_HOME/plan-warehouse
    (~/.cache/plan-warehouse)."""
    if os.environ.get("PLAN_CACHE_DIR"):
        return Path(os.environ["PLAN_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "plan-warehouse"


@functools.lru_cache(maxsize=2)
def vega_bundle(vl_version: str | None = None) -> str:
    """Vega + Vega-Lite + Vega-Embed as one classic script (no network).

    vl-convert bundles it from the JavaScript it ships (seconds of CPU, the same result for one
    vl-convert version and one Vega-Lite version): the bundle is kept in bundle_cache_dir(), named by
    both versions, and read from there by later processes; an unreadable or damaged copy is rebuilt."""
    import importlib.metadata

    vl_version = vl_version or ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    cached = bundle_cache_dir() / f"vega-bundle-vlconvert{importlib.metadata.version('vl-convert-python')}-vl{vl_version}.js"
    try:
        bundle = cached.read_text(encoding="utf-8")
        if bundle.endswith("\n/* end of vega bundle */\n"):
            return bundle.removesuffix("\n/* end of vega bundle */\n")
    except OSError:
        pass
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=vl_version)
    if "</script" in bundle.lower():  # would end the inline <script> early
        raise ValueError("the Vega bundle contains '</script'; it cannot be inlined")
    try:  # the end marker tells a whole copy from one cut short
        write_atomically(cached, bundle + "\n/* end of vega bundle */\n")
    except OSError:
        pass  # no writable cache: bundled again next time
    return bundle


def _json_for_script(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str).replace("</", "<\\/")


CSS = """
body{font-family:%s;margin:0;color:#1f2933;background:#f7f8fa;line-height:1.5}
header{background:#8c1c13;color:#fff;padding:24px 40px}header h1{margin:0 0 4px;font-size:26px}
header p{margin:2px 0;opacity:.9}main{max-width:1240px;margin:0 auto;padding:16px 40px 48px}
nav a{margin-right:14px;color:#8c1c13}section{background:#fff;border-radius:8px;padding:18px 24px;margin:18px 0;
box-shadow:0 1px 3px rgba(0,0,0,.08)}h2{margin:0 0 4px;font-size:21px}h2 small{color:#52606d;font-weight:400}
.intro{color:#52606d;margin:0 0 12px}.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.tile{background:#fff;border-radius:8px;padding:12px 16px;min-width:180px;flex:1;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.tile .big{font-size:28px;font-weight:700;color:#8c1c13}.tile .lbl{font-size:13px}.tile .src{font-size:12px;color:#7b8794}
figure{margin:10px 0 14px}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #e4e7eb;
padding:6px 8px;text-align:left;vertical-align:top}th{background:#f5f7fa}table.compact{width:auto}
.quote{font-weight:700;color:#8c1c13;white-space:nowrap}.sentence{color:#3e4c59}mark{background:#ffe8a3}
small{color:#7b8794}.sev{font-weight:700;padding:1px 6px;border-radius:4px}.sev-warn{background:#fff3c4}
.sev-error{background:#ffd6d6}.calc{background:#f5f7fa;padding:8px 12px;border-radius:6px}
footer{color:#7b8794;font-size:12px;margin-top:24px}
.status{color:#fff;font-weight:700;padding:1px 6px;border-radius:4px;white-space:nowrap}.chart-error{color:#b5523b}
""" % FONT  # noqa: UP031 -- CSS is full of braces: %-formatting keeps them literal

SCRIPT = """
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var jobs = specs.map(function (spec, i) {
    return vegaEmbed('#chart-' + i, spec, {renderer: 'svg', actions: false})
      .catch(function (err) {
        document.getElementById('chart-' + i).innerHTML =
          '<p class="chart-error">图表无法显示 chart failed: ' + String(err).replace(/</g, '&lt;') + '</p>';
        throw err;
      });
  });
  Promise.allSettled(jobs).then(function (results) {
    var ok = results.filter(function (r) { return r.status === 'fulfilled'; }).length;
    document.body.setAttribute('data-charts-rendered', String(ok));
    document.body.setAttribute('data-charts-failed', String(results.length - ok));
  });
})();
"""


def render_page(sections: list[Section], tiles: list[tuple[str, str, str]], docs: pd.DataFrame,
                generated_at: dt.datetime, source: str) -> tuple[str, int]:
    specs, parts = [], []
    for s in sections:
        figs = []
        for chart in s.charts:
            figs.append(f'<figure><figcaption>{esc(chart.title)}</figcaption><div class="chart" '
                        f'id="chart-{len(specs)}"></div></figure>')
            specs.append(chart.spec)
        parts.append(f'<section id="{s.anchor}"><h2>{esc(s.title_zh)} <small>{esc(s.title_en)}</small></h2>'
                     f'<p class="intro">{esc(s.intro)}</p>{"".join(figs)}{"".join(s.body)}</section>')
    nav = " ".join(f'<a href="#{s.anchor}">{esc(s.title_zh)}</a>' for s in sections)
    doc_rows = [[esc(r.doc_id), esc(r.title), esc(r.published_date), f"{esc(r.speaker)} <small>{esc(r.speaker_role)}</small>",
                 f"<code>{esc(r.source_file)}</code>"] for r in docs.itertuples(index=False)]
    sources = ('<section id="documents"><h2>资料来源 <small>Source documents</small></h2>' + html_table(
        ["文件 Document", "标题 Title", "发布日期 Published", "发布人 Speaker", "文件 File"], doc_rows, "sources") + "</section>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>聊城“十四五”规划实施记分卡 Liaocheng 14th Five-Year Plan scorecard</title>
<style>{CSS}</style>
<script>{vega_bundle()}</script>
</head>
<body data-charts="{len(specs)}">
<header><h1>聊城“十四五”规划实施记分卡</h1>
<p>Liaocheng 14th Five-Year Plan (2021–2025) delivery scorecard</p>
<p><small style="color:#f3d9d6">生成于 Generated {esc(generated_at.strftime('%Y-%m-%d %H:%M'))} · {esc(source)} ·
每个数字都附原文与出处 every figure carries its quote and document</small></p></header>
<main>
<nav>{nav} <a href="#documents">资料来源</a></nav>
{_tiles(tiles)}
{"".join(parts)}
{sources}
<noscript><p>图表需要 JavaScript（已内嵌，无需联网）。 Charts need JavaScript (inlined, no network).</p></noscript>
<footer>数据 Data: marts.* of the published warehouse. 图表 Charts: Vega-Lite {esc(alt.SCHEMA_VERSION)}, inlined.</footer>
</main>
<script type="application/json" id="chart-specs">{_json_for_script(specs)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
    return page, len(specs)


def build_scorecard(con: duckdb.DuckDBPyConnection, *, generated_at: dt.datetime | None = None,
                    source: str = "published warehouse") -> Scorecard:
    # A report, not a terminal: no progress bars in the logs (the analyst connection has none and
    # its settings are locked; another connection is switched off here).
    if con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]:
        con.execute("SET enable_progress_bar = false")
    check_report_models(con)
    sections, tiles, cited = build_sections(con)
    page, n_charts = render_page(sections, tiles, documents(con), generated_at or dt.datetime.now(), source)
    return Scorecard(
        html=page,
        charts=n_charts,
        figures=cited,
        sections=tuple(f"{s.title_zh} {s.title_en}" for s in sections),
        headline=tuple((label, value) for label, value, _ in tiles),
    )


def render_scorecard(con: duckdb.DuckDBPyConnection, **kwargs) -> str:
    """The scorecard's HTML."""
    return build_scorecard(con, **kwargs).html


def write_atomically(path: Path, text: str) -> int:
    """Write beside the target and rename over it: a reader sees the old report or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.stat().st_size
