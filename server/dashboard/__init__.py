"""The office's campaign dashboard: server-rendered pages on the hub, for supervisors behind their own log-in."""
