"""MOSIP Secure Biometric Interface (SBI / MDS 0.9.5) client: one client reaches many certified devices."""
