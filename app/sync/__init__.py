"""Offline-first sync: sealed packets, a durable outbox, resumable upload to the hub.

``packet_format`` is shared with the hub (``server/``); everything else runs on
the station. ``SyncService`` (``service.py``) is the entry point the CLI and GUI use.
"""
