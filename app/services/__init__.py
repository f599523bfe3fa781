"""Services the GUI and the CLI share: people, sites, enrolment, devices, sync."""
