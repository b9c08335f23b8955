"""The real-world measure (``curator.bench.realworld.measure``) written as a Markdown section."""

from __future__ import annotations

from typing import Any

from curator.bench.realworld import KNOWLEDGE


def report(result: dict[str, Any], examples: int = 8) -> str:
    """The result as a Markdown section."""
    lines = [
        f"Real-world set: {result['forms']} forms of {result['entities']} entities ({result['short_forms_left_out']} forms "
        f"only context can resolve left out), {result['negatives']} hard negatives (+{result['context_only']} pairs of "
        "people with the same full name, reported apart).",
        "",
        "| method | automatic-merge precision | pairs merged | recall, automatic | recall, counting suggestions | "
        "same, pairs a rule can know: automatic | counting suggestions | distinct entities merged | "
        "hard negatives merged |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, row in result["names"].items():
        queue = f"{row['recall_queue']:.3f}" if row["has_queue"] else "–"
        rule_queue = f"{row['recall_queue_rules']:.3f}" if row["has_queue"] else "–"
        lines.append(
            f"| {label} | {row['precision']:.3f} | {row['merged_pairs']} | {row['recall_auto']:.3f} | {queue} | "
            f"{row['recall_auto_rules']:.3f} | {rule_queue} | {row['distinct_merged']} | {len(row['negatives_merged'])} |"
        )
    cur = result["names"]["curator"]
    lines += [
        "",
        f"“curator” is curator as shipped: with its default authority file ({result.get('authority_entries', 0)} "
        "entries, curator/data/authority/default.json, as `curator match` and `curator resolve` use it unless told "
        "not to), collected from public pages independently of this set; “curator, no authority file” is the "
        "matcher alone (`curator match --no-default-authority`).",
        "",
        f"Same-entity pairs: {cur['gold_pairs']}; {cur['rule_pairs']} of them between forms a rule can know (neither "
        f"form {', '.join(sorted(KNOWLEDGE))}: those need the authority file).",
    ]
    cur = result["names"]["curator"]
    if cur["negatives_merged"]:
        lines += ["", "Hard negatives curator merged: " + ", ".join(f"{a} + {b}" for a, b in cur["negatives_merged"])]
    if cur["context_only_merged"]:
        lines += ["", "Same-name people merged (context only): " + ", ".join(f"{a} + {b}" for a, b in cur["context_only_merged"])]
    if cur["distinct_merged_list"]:
        lines += ["", "Distinct entities curator merged: " + ", ".join(f"{a} + {b}" for a, b in cur["distinct_merged_list"])]
    x = result.get("excerpts")
    if x:
        lines += [
            "",
            f"Excerpts: {x['count']}, {x['mentions']} expected mentions ({x['mentions_found']} found by extraction); "
            f"pairwise link precision {x['precision']:.3f}, recall {x['recall']:.3f}, F1 {x['f1']:.3f}; "
            f"“not the same” pairs linked: {x['not_same_violated']} of {x['not_same']}.",
        ]
        n = x.get("no_authority")
        if n:
            lines.append(
                f"Without the authority file: {n['mentions_found']} found; pairwise link precision "
                f"{n['precision']:.3f}, recall {n['recall']:.3f}, F1 {n['f1']:.3f}; “not the same” pairs linked: "
                f"{n['not_same_violated']} of {n['not_same']}."
            )
        e = x.get("expected_mentions")
        if e:
            lines.append(
                f"Resolution alone (the expected mentions as written, linked by the resolver): pairwise link "
                f"precision {e['precision']:.3f}, recall {e['recall']:.3f}, F1 {e['f1']:.3f}."
            )
    if result["misses"]:
        lines += ["", "Same-entity pairs neither merged nor suggested, by kind:"]
        for kind, pairs in result["misses"].items():
            lines.append(f"- {kind}: {len(pairs)}, e.g. " + "; ".join(f"“{p}”" for p in pairs[:examples]))
    return "\n".join(lines) + "\n"
