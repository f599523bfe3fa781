"""The dashboard's tables, in the hub's database and migrations: users, sessions, campaigns, sites, visits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.timezones import utc_now
from server.models import HubBase


class DashboardUser(HubBase):
    """An office supervisor (or a read-only viewer) who logs in to the dashboard; only an argon2 hash is kept."""

    __tablename__ = "dashboard_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # a Role value
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    last_login_at: Mapped[dt.datetime | None]


class DashboardSession(HubBase):
    """A logged-in browser: the hash of its cookie, its CSRF token and when it ends."""

    __tablename__ = "dashboard_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("dashboard_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[dt.datetime]


class Campaign(HubBase):
    """A recording campaign: a target group to record at many sites before polling day."""

    __tablename__ = "dashboard_campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    polling_day: Mapped[dt.date] = mapped_column(Date)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    target_group: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class CampaignSite(HubBase):
    """A school (or other site) of a campaign with how many people it should record; ``code`` is its hub site code."""

    __tablename__ = "dashboard_campaign_sites"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("dashboard_campaigns.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(100))
    target: Mapped[int] = mapped_column(Integer)


class PlannedVisit(HubBase):
    """A recording set (station) planned at a site on a day."""

    __tablename__ = "dashboard_planned_visits"
    __table_args__ = (UniqueConstraint("site_id", "station_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("dashboard_campaigns.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("dashboard_campaign_sites.id"), index=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_stations.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
