"""The competition submission: PNGs in a deterministic zip, a manifest, a checksum, and their validation."""
