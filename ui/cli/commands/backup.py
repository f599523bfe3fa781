def register(subparsers):  # placeholder until the backup command module is written
    pass
