"""Name resolution: comparison keys, the matcher, the baselines, and the resolve pipeline."""
