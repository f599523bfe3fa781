"""The dashboard's refusals: a status, a stable code and a bilingual message shown on a clear page."""

from __future__ import annotations

from server.errors import HubError


class DashboardError(HubError):
    """A refused dashboard request; ``link`` is where the page sends the supervisor next."""

    def __init__(self, status: int, code: str, message_id: str, message_en: str, *,
                 link: str | None = None, link_id: str = "Kembali", link_en: str = "Back",
                 details: tuple[str, ...] = ()) -> None:
        super().__init__(status, code, message_id, message_en)
        self.link = link
        self.link_id, self.link_en = link_id, link_en
        self.details = details


def not_logged_in(expired: bool) -> DashboardError:
    if expired:
        return DashboardError(401, "session_expired", "Sesi Anda sudah berakhir. Silakan masuk lagi.",
                              "Your session has ended. Please log in again.",
                              link="/dashboard/login", link_id="Masuk lagi", link_en="Log in again")
    return DashboardError(401, "not_logged_in", "Silakan masuk dulu.", "Please log in first.",
                          link="/dashboard/login", link_id="Masuk", link_en="Log in")


def forged_form() -> DashboardError:
    return DashboardError(403, "bad_csrf", "Formulir ini tidak berasal dari halaman dasbor yang Anda buka, "
                          "atau halamannya sudah terlalu lama terbuka. Tidak ada yang disimpan.",
                          "This form did not come from a dashboard page you opened, or the page was open too long. "
                          "Nothing was saved.", link="/dashboard/", link_id="Buka dasbor lagi",
                          link_en="Open the dashboard again")


def not_allowed() -> DashboardError:
    return DashboardError(403, "role_forbidden", "Peran Anda hanya boleh melihat, tidak mengubah. Tidak ada yang disimpan.",
                          "Your role may look but not change anything. Nothing was saved.", link="/dashboard/")


def unknown_campaign(campaign_id: object) -> DashboardError:
    return DashboardError(404, "unknown_campaign", f"Kampanye {campaign_id} tidak ada.",
                          f"There is no campaign {campaign_id}.", link="/dashboard/",
                          link_id="Daftar kampanye", link_en="Campaign list")


def bad_form(message_id: str, message_en: str, *, link: str | None = None,
             details: tuple[str, ...] = ()) -> DashboardError:
    return DashboardError(422, "bad_form", f"{message_id} Tidak ada yang disimpan.", f"{message_en} Nothing was saved.",
                          link=link, details=details)
