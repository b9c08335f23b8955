"""Benchmarks at archive scale: a synthetic archive generator and a runner.

``python -m curator.bench generate OUT --articles N --seed S`` writes a
deterministic archive shaped like ``seeds/*.txt`` with a gold file (``generate``; who it
writes about: ``synthetic_entities``; how: ``synthetic_stories``);
``python -m curator.bench names OUT --names N`` writes a name list for the
matcher-only comparison; ``python -m curator.bench run`` measures the real CLI,
the app, decision saves and name resolution, and writes ``docs/benchmarks.md``.
"""
