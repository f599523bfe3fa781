"""Standard biometric records (ANSI/NIST-ITL 1-2011 transactions) built from enrolments."""
