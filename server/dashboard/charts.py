"""The progress charts, drawn on the server with matplotlib's Agg canvas: inline SVG for pages, PNG for the PDF."""

from __future__ import annotations

import datetime as dt
import io

from matplotlib.figure import Figure

from server.dashboard.progress import CampaignProgress

_BLUE, _GREY, _ORANGE, _RED = "#1f5fa8", "#9aa5b1", "#d9822b", "#c23030"


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, bbox_inches="tight", dpi=110, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def per_day_chart(progress: CampaignProgress, fmt: str = "svg") -> bytes:
    """Recorded per day, up to today."""
    figure = Figure(figsize=(7.5, 2.6))
    axes = figure.add_subplot()
    shown = [d for d in progress.days if d.day <= progress.today]
    axes.bar([d.day for d in shown], [d.recorded for d in shown], color=_BLUE, width=0.8)
    axes.set_title("Terekam per hari / recorded per day", fontsize=10)
    axes.set_ylabel("orang / people", fontsize=8)
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    return _render(figure, fmt)


def burn_down_chart(progress: CampaignProgress, fmt: str = "svg") -> bytes:
    """Still to record, day by day, against the even pace to polling day, and where the current rate leads."""
    campaign = progress.plan.campaign
    figure = Figure(figsize=(7.5, 3.0))
    axes = figure.add_subplot()
    days = [d.day for d in progress.days]
    total = len(days)
    ideal = [progress.target * (1 - (i + 1) / total) for i in range(total)]
    axes.plot(days, ideal, color=_GREY, linestyle="--", label="rencana merata / even pace")
    actual = [d for d in progress.days if d.day <= progress.today]
    axes.plot([d.day for d in actual], [d.remaining for d in actual], color=_BLUE, linewidth=2,
              label="sisa / remaining")
    if progress.projected_finish is not None and actual and progress.remaining > 0:
        end = progress.projected_finish
        axes.plot([progress.today, end], [progress.remaining, 0], color=_ORANGE, linestyle=":",
                  label=f"proyeksi / projection ({end.isoformat()})")
    axes.axvline(campaign.polling_day, color=_RED, linewidth=1)
    axes.annotate("hari pemungutan / polling day", (campaign.polling_day, progress.target), fontsize=7,
                  color=_RED, ha="right", va="top")
    axes.set_xlim(campaign.starts_on - dt.timedelta(days=1),
                  max(campaign.polling_day, progress.projected_finish or campaign.polling_day) + dt.timedelta(days=1))
    axes.set_ylim(bottom=0)
    axes.set_title("Sisa sampai hari pemungutan suara / burn-down to polling day", fontsize=10)
    axes.tick_params(labelsize=7)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="upper right")
    figure.autofmt_xdate()
    return _render(figure, fmt)
