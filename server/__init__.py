"""The hub: receives sealed packets from stations, serves rosters and statuses."""
