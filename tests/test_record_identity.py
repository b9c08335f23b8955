"""The records of a JSON Lines or CSV file keep the id of the story they hold,
over any series of edits of the file (``record_identity.follow_records``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.ingest.parse import article_id, content_hash
from curator.ingest.record_identity import StoredRecord, follow_records, record_digest, record_key
from curator.models import Article, ExtractedField

BASE = "feeds/crawl.jsonl"


def _article(story: int, version: int, place: int, key: bool) -> Article:
    text = f"Tin số {story}, bản {version}: Ủy ban nhân dân tỉnh họp bàn."
    return Article(
        id=article_id(BASE, place), source_file="crawl.jsonl", file_index=place, text=text,
        title=ExtractedField(f"Bài {story}", f"Bài {story}", 1.0), content_hash=content_hash(text),
        notes=[f"record id: tin-{story}"] if key else [],
    )


# One edit of the file: (what, where, which) read modulo the file's length.
EDITS = st.lists(
    st.tuples(st.sampled_from(["insert", "delete", "move", "edit"]), st.integers(0, 50), st.integers(0, 50)),
    min_size=1, max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(size=st.integers(1, 8), rounds=st.lists(EDITS, min_size=1, max_size=4), keyed=st.booleans())
def test_stories_keep_their_ids_and_new_stories_never_get_a_given_id(
    size: int, rounds: list[list[tuple[str, int, int]]], keyed: bool
) -> None:
    stories = [(n, 0) for n in range(size)]  # (story, version) in file order
    arts = [_article(s, v, i, keyed) for i, (s, v) in enumerate(stories)]
    ids = {s: a.id for (s, _), a in zip(stories, arts)}  # story -> its id
    ever = set(ids.values())
    next_index = size
    fresh_story = size
    for edits in rounds:
        was = dict(stories)
        for what, where, which in edits:
            if what == "insert" or not stories:
                stories.insert(where % (len(stories) + 1), (fresh_story, 0))
                fresh_story += 1
            elif what == "delete":
                stories.pop(where % len(stories))
            elif what == "move":
                stories.insert(which % len(stories), stories.pop(where % len(stories)))
            else:
                i = where % len(stories)
                stories[i] = (stories[i][0], stories[i][1] + 1)
        stored = [StoredRecord(a.id, a.file_index, record_digest(a), record_key(a)) for a in arts]
        before = {a.file_index: a.id for a in arts}
        arts = [_article(s, v, i, keyed) for i, (s, v) in enumerate(stories)]
        kept = {ids[s] for s, v in stories if was.get(s) == v}  # unchanged stories: their ids are theirs
        next_index = follow_records(arts, stored, BASE, next_index)
        got = {s: a.id for (s, _), a in zip(stories, arts)}
        assert len(set(got.values())) == len(arts)  # one id per record
        for story, version in stories:
            if story in was and (keyed or was[story] == version):
                assert got[story] == ids[story]  # unchanged (or keyed) stories keep their id wherever they went
            if story not in ids and got[story] in ever:
                # Without keys, a new story where a vanished or edited one was is that story edited
                # in place (an edited story that also moved cannot be told from a new one).
                place = stories.index((story, version))
                assert not keyed and got[story] == before[place] and got[story] not in kept, story
        ids.update(got)
        ever |= set(got.values())
