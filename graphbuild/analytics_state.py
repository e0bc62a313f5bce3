"""The analytics kept up to date as documents are added to a store, without summing every tally again.

Computing the analytics in full (`analytics.analytics_ntriples`) sums every document's tally: at
10,000 documents about 50 s for 2.8 million lines, while one added readout changes a few dozen
cells. The *state* is what the cells are computed from, kept in SQLite beside the store (in its
folder, copied with it when an update starts): the profiles (indexed by the owners they name),
the holdings, owners' kinds, areas with their labels, parents and places in name order, the
coverage counts, the cited principles, the sectors each area left out, each owner's measure
count (the ranking's key) and the run's digest.

`AnalyticsState.add` adds documents' tallies and returns the `Change` to the analytics graph:
the cells to replace (every triple of their node goes, the new ones come in), the owners whose
rank alone moved, the new measures' statuses, the run. `AnalyticsState.remove` takes removed
documents' tallies out: counts are subtracted; what the sum keeps as a set (owners, holdings,
areas and their principles, measures) is asked of the store once the removed documents' lines are
gone (`StoreView`: what it still holds, a remaining document holds). Each cell is computed by the
same code as the full computation (`analytics.duty_cells` on the profiles that name the owner or a
post a person holds, `analyse.left_out` on the coverage table), so the result is the full
computation's, triple for triple (tests/test_analytics_state.py builds both). What it cannot do
exactly (an owner or area described anew, a state of another run) raises
`NotIncrementalError`; the caller then computes in full and writes the state again (`write_state`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import URIRef
from rdflib.namespace import PROV

from . import analytics as an
from .analytics import Cell, Parts, Tally

__all__ = ["STATE_FILE", "AnalyticsState", "Change", "NotIncrementalError", "write_state"]

STATE_FILE = "graphbuild-analytics.sqlite"
_VERSION = "1"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE profiles(id INTEGER PRIMARY KEY, profile TEXT NOT NULL UNIQUE, n INTEGER NOT NULL);
CREATE TABLE profile_owners(owner TEXT NOT NULL, profile INTEGER NOT NULL);
CREATE TABLE holds(post TEXT NOT NULL, person TEXT NOT NULL, PRIMARY KEY (post, person)) WITHOUT ROWID;
CREATE TABLE owners(owner TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE duties(owner TEXT PRIMARY KEY, measures INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE areas(area TEXT PRIMARY KEY, label TEXT NOT NULL, parent TEXT, rank INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE coverage(area TEXT NOT NULL, sector TEXT NOT NULL, measures INTEGER NOT NULL, owned INTEGER NOT NULL,
                      explicit INTEGER NOT NULL, PRIMARY KEY (area, sector)) WITHOUT ROWID;
CREATE TABLE principles(area TEXT NOT NULL, principle TEXT NOT NULL, PRIMARY KEY (area, principle)) WITHOUT ROWID;
CREATE TABLE left_out(area TEXT NOT NULL, sector TEXT NOT NULL, PRIMARY KEY (area, sector)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX profile_owners_owner ON profile_owners(owner);
CREATE INDEX holds_person ON holds(person);
CREATE INDEX duties_order ON duties(measures DESC, owner);
"""
_WHOLE = ""  # the coverage table's sector for an area's whole cell (the analytics' None)


class StoreView(Protocol):
    """What a removal asks of the store once the removed documents' lines are gone (the remaining
    documents' sum, as their tallies would give it)."""

    def holds_measure(self, measure: str) -> bool: ...

    def holders(self, post: str) -> set[str]: ...

    def owner(self, owner: str) -> tuple[str, str] | None: ...

    def area(self, area: str) -> tuple[str, str | None, set[str]] | None: ...


class NotIncrementalError(Exception):
    """The change cannot be made cell by cell; the analytics are computed in full instead."""


@dataclass
class Change:
    """What adding documents changes in the analytics graph: nodes whose every triple goes
    (`replaced`), triples that go (`removed`: ranks that moved, the old run), triples that come
    (`added`: the replaced nodes' new triples, new ranks, new measures' statuses, the run)."""

    replaced: set[URIRef] = field(default_factory=set)
    removed: list[tuple] = field(default_factory=list)
    added: list[tuple] = field(default_factory=list)


def _profile_text(key: tuple) -> str:
    area, sectors, entries = key
    return json.dumps([area, list(sectors), [[o, e, list(r)] for o, e, r in entries]], ensure_ascii=False,
                      separators=(",", ":"))


def _profile_key(text: str) -> tuple:
    area, sectors, entries = json.loads(text)
    return area, tuple(sectors), tuple((o, e, tuple(r)) for o, e, r in entries)


def write_state(path: Path, tally: Tally, parts: Parts, digest: str) -> None:
    """The state of a fully computed analytics graph (`tally` summed, `parts` computed from it,
    the run named by `digest`), written to a new SQLite file at `path`."""
    path = Path(path)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        with db:
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("version", _VERSION), ("digest", digest)])
            db.executemany(
                "INSERT INTO profiles VALUES (?, ?, ?)",
                ((i, _profile_text(key), n) for i, (key, n) in enumerate(sorted(tally.profiles.items()), 1)),
            )
            db.executemany(
                "INSERT INTO profile_owners VALUES (?, ?)",
                ((o, i) for i, (key, _) in enumerate(sorted(tally.profiles.items()), 1) for o, _, _ in key[2]),
            )
            db.executemany("INSERT INTO holds VALUES (?, ?)", sorted(tally.holds))
            db.executemany("INSERT INTO owners VALUES (?, ?, ?)", ((o, k, lab) for o, (k, lab) in tally.owners.items()))
            db.executemany("INSERT INTO duties VALUES (?, ?)", ((o, c.measures) for o, c in parts.cells.items()))
            db.executemany(
                "INSERT INTO areas VALUES (?, ?, ?, ?)",
                ((a, lab, tally.parents.get(a), parts.area_rank[a]) for a, lab in tally.areas.items()),
            )
            db.executemany(
                "INSERT INTO coverage VALUES (?, ?, ?, ?, ?)",
                ((a, s or _WHOLE, *counts) for (a, s), counts in parts.coverage.items()),
            )
            db.executemany("INSERT INTO principles VALUES (?, ?)", sorted(tally.principles))
            db.executemany("INSERT INTO left_out VALUES (?, ?)", ((a, s) for a, ss in parts.left.items() for s in ss))
        db.executescript(_INDEXES)
        db.commit()
    finally:
        db.close()


def _coverage_deltas(measures: Iterable[tuple[str, str, tuple[str, ...]]]) -> dict[tuple[str, str], list[int]]:
    """(area, sector or the whole area) → [measures, owned, explicitly owned] of `measures` (each its
    status, area and top-level sectors), counted as `analytics.coverage_cells` counts them."""
    deltas: dict[tuple[str, str], list[int]] = {}
    for status, area, sectors in measures:
        counts = an.coverage_counts(status)
        for key in ((area, _WHOLE), *((area, s) for s in sectors)):
            cell = deltas.setdefault(key, [0, 0, 0])
            for i, c in enumerate(counts):
                cell[i] += c
    return deltas


class AnalyticsState:
    """An open state file (see the module's docstring); `add` changes it within one transaction,
    which `commit` ends."""

    def __init__(self, path: Path, digest: str | None = None) -> None:
        """Open the state at `path`; with `digest`, only a state of that run (else NotIncrementalError)."""
        self.db = sqlite3.connect(Path(path))
        try:
            found = dict(self.db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise NotIncrementalError(f"{path}: unreadable analytics state ({error})") from error
        if found.get("version") != _VERSION or (digest is not None and found.get("digest") != digest):
            self.db.close()
            raise NotIncrementalError(f"{path}: analytics state of another version or run")
        self.digest = found["digest"]

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    def add(self, tallies: Iterable[Tally], digest: str, counted: Callable[[str], bool]) -> Change:
        """Add the documents' `tallies`; the run is then named by `digest`. `counted(measure)` says
        whether the analytics already count a measure: a text held twice (under two names) counts
        its measures once and its profiles twice, as the sum of the tallies does."""
        new = Tally()
        for tally in tallies:
            new.merge(tally)
        new.measures = {m: v for m, v in new.measures.items() if not counted(m)}
        change = Change()
        self._add_owners(new)
        new_areas = self._add_areas(new)
        persons = self._add_holds(new)
        named = self._add_profiles(new)
        self._owner_cells(named | persons, change)
        touched = self._add_measures(new, change) | new_areas | self._add_principles(new)
        self._areas_again(touched, change)
        self._run(digest, change)
        return change

    def remove(self, tallies: Iterable[Tally], store: StoreView) -> Change:
        """Take the removed documents' `tallies` out. What the sum keeps as a set (owners, areas,
        holdings, principles, measures) is asked of `store`, the store once the removed documents'
        lines are gone: what it still holds, some remaining document holds (the same sum)."""
        gone = Tally()
        for tally in tallies:
            gone.merge(tally)
        change = Change()
        touched = self._remove_measures(gone, store, change)
        named = self._remove_profiles(gone)
        persons = self._remove_holds(gone, store)
        changed_owners = self._described_again_owners(gone, store)
        touched |= self._described_again_areas(gone, store)
        self._owner_cells(named | persons | changed_owners, change)
        self._areas_again(touched, change)
        return change

    def _remove_measures(self, gone: Tally, store: StoreView, change: Change) -> set[str]:
        counted = []
        for measure, (status, area, sectors, inferred, _) in sorted(gone.measures.items()):
            if not store.holds_measure(measure):  # else another document holds the same text
                change.removed.extend(an.measure_triples(measure, status, inferred))
                counted.append((status, area, sectors))
        deltas = _coverage_deltas(counted)
        listed = {a for (a,) in self.db.execute("SELECT area FROM areas")}
        for (area, sector), (measures, owned, explicit) in sorted(deltas.items()):
            self.db.execute(
                "UPDATE coverage SET measures = measures - ?, owned = owned - ?, explicit = explicit - ? "
                "WHERE area = ? AND sector = ?",
                (measures, owned, explicit, area, sector),
            )
            left = self._coverage(area, sector)
            if left is None or min(left) < 0:
                raise NotIncrementalError(f"coverage of {area} below zero")
            if sector != _WHOLE:
                change.replaced.add(an.coverage_node(area, sector))
                if left[0]:
                    change.added.extend(an.coverage_triples(area, sector, left))
                else:
                    self.db.execute("DELETE FROM coverage WHERE area = ? AND sector = ?", (area, sector))
            elif not left[0] and area not in listed:
                self.db.execute("DELETE FROM coverage WHERE area = ? AND sector = ?", (area, sector))
        return {area for area, _ in deltas}

    def _remove_profiles(self, gone: Tally) -> set[str]:
        named = set()
        for key, n in sorted(gone.profiles.items()):
            row = self.db.execute("SELECT id, n FROM profiles WHERE profile = ?", (_profile_text(key),)).fetchone()
            if row is None or row[1] < n:
                raise NotIncrementalError("a removed profile the state does not count")
            if row[1] == n:
                self.db.execute("DELETE FROM profiles WHERE id = ?", (row[0],))
                self.db.execute("DELETE FROM profile_owners WHERE profile = ?", (row[0],))
            else:
                self.db.execute("UPDATE profiles SET n = n - ? WHERE id = ?", (n, row[0]))
            named.update(o for o, _, _ in key[2])
        return named

    def _remove_holds(self, gone: Tally, store: StoreView) -> set[str]:
        """The persons of the removed holdings (those no remaining document states go)."""
        persons = set()
        for post, person in sorted(gone.holds):
            persons.add(person)
            if person not in store.holders(post):
                self.db.execute("DELETE FROM holds WHERE post = ? AND person = ?", (post, person))
        return persons

    def _described_again_owners(self, gone: Tally, store: StoreView) -> set[str]:
        """Owners of the removed documents as the remaining ones describe them (or gone); returns
        those whose kind changed (their named counts change)."""
        changed = set()
        for owner in sorted(gone.owners):
            old = self.db.execute("SELECT kind, label FROM owners WHERE owner = ?", (owner,)).fetchone()
            entry = store.owner(owner)
            if entry is None:
                self.db.execute("DELETE FROM owners WHERE owner = ?", (owner,))
            elif old is None or tuple(old) != entry:
                self.db.execute("INSERT OR REPLACE INTO owners VALUES (?, ?, ?)", (owner, *entry))
            if old is not None and (entry is None or entry[0] != old[0]):
                changed.add(owner)
        return changed

    def _described_again_areas(self, gone: Tally, store: StoreView) -> set[str]:
        """Areas of the removed documents' directives as the remaining ones describe them (or gone,
        when no directive is left in them), with their cited principles; returns them."""
        for area in sorted(gone.areas):
            old = self.db.execute("SELECT label, parent FROM areas WHERE area = ?", (area,)).fetchone()
            found = store.area(area)
            self.db.execute("DELETE FROM principles WHERE area = ?", (area,))
            if found is None:
                self.db.execute("DELETE FROM areas WHERE area = ?", (area,))
                whole = self._coverage(area, _WHOLE)
                if whole is not None and not whole[0]:
                    self.db.execute("DELETE FROM coverage WHERE area = ? AND sector = ?", (area, _WHOLE))
                continue
            label, parent, principles = found
            if old is not None and (old[0], old[1]) != (label, parent):
                raise NotIncrementalError(f"area {area} described anew")
            self.db.executemany("INSERT INTO principles VALUES (?, ?)", ((area, p) for p in sorted(principles)))
        return set(gone.areas)

    # --- descriptions: added (one described anew is not incremental) ---------------------------------

    def _add_owners(self, new: Tally) -> None:
        for owner, entry in new.owners.items():
            old = self.db.execute("SELECT kind, label FROM owners WHERE owner = ?", (owner,)).fetchone()
            if old is None:
                self.db.execute("INSERT INTO owners VALUES (?, ?, ?)", (owner, *entry))
            elif max(tuple(old), entry) != tuple(old):
                raise NotIncrementalError(f"owner {owner} described anew")

    def _add_areas(self, new: Tally) -> set[str]:
        added = set()
        for area, label in new.areas.items():
            old = self.db.execute("SELECT label, parent FROM areas WHERE area = ?", (area,)).fetchone()
            parent = new.parents.get(area)
            if old is None:
                self.db.execute("INSERT INTO areas VALUES (?, ?, ?, 0)", (area, label, parent))
                self.db.execute("INSERT OR IGNORE INTO coverage VALUES (?, ?, 0, 0, 0)", (area, _WHOLE))
                added.add(area)
            elif max(old[0], label) != old[0] or (parent is not None and (old[1] is None or parent < old[1])):
                raise NotIncrementalError(f"area {area} described anew")
        return added

    def _add_holds(self, new: Tally) -> set[str]:
        """The persons who hold a post anew (they now carry its duties from every document)."""
        persons = set()
        for post, person in sorted(new.holds):
            if self.db.execute("INSERT OR IGNORE INTO holds VALUES (?, ?)", (post, person)).rowcount:
                persons.add(person)
        return persons

    def _add_profiles(self, new: Tally) -> set[str]:
        """Add the profiles (a known one counts more measures); returns the owners they name."""
        named = set()
        for key, n in sorted(new.profiles.items()):
            text = _profile_text(key)
            cursor = self.db.execute("UPDATE profiles SET n = n + ? WHERE profile = ?", (n, text))
            if not cursor.rowcount:
                row = self.db.execute("INSERT INTO profiles(profile, n) VALUES (?, ?)", (text, n)).lastrowid
                self.db.executemany("INSERT INTO profile_owners VALUES (?, ?)", ((o, row) for o, _, _ in key[2]))
            named.update(o for o, _, _ in key[2])
        return named

    def _add_principles(self, new: Tally) -> set[str]:
        return {
            area
            for area, principle in sorted(new.principles)
            if self.db.execute("INSERT OR IGNORE INTO principles VALUES (?, ?)", (area, principle)).rowcount
        }

    # --- owners -----------------------------------------------------------------------------------

    def _holders(self, posts: Iterable[str]) -> set[str]:
        found = set()
        for post in posts:
            found.update(p for (p,) in self.db.execute("SELECT person FROM holds WHERE post = ?", (post,)))
        return found

    def _owner_cells(self, owners: set[str], change: Change) -> None:
        """Recompute the cells of `owners` and of the persons who hold their posts (an owner left
        without measures loses its cell); move the ranks that changed."""
        affected = owners | self._holders(owners)
        cells = self._cells(affected)
        before = self._top()
        self.db.executemany(
            "INSERT INTO duties VALUES (?, ?) ON CONFLICT(owner) DO UPDATE SET measures = excluded.measures",
            ((o, c.measures) for o, c in cells.items()),
        )
        self.db.executemany("DELETE FROM duties WHERE owner = ?", ((o,) for o in sorted(affected - cells.keys())))
        after = self._top()
        labels = self._labels({a for c in cells.values() for a in c.areas})
        for owner in sorted(affected):
            change.replaced.add(an.duty_node(owner))
            if owner in cells:
                change.added.extend(an.duty_triples(owner, cells[owner], after.get(owner), labels))
        for owner in sorted((before.keys() | after.keys()) - affected):
            if before.get(owner) != after.get(owner):
                node = an.duty_node(owner)
                if owner in before:
                    change.removed.extend(an.ranked(node, before[owner]))
                if owner in after:
                    change.added.extend(an.ranked(node, after[owner]))

    def _top(self) -> dict[str, int]:
        rows = self.db.execute("SELECT owner FROM duties ORDER BY measures DESC, owner LIMIT ?", (an.ranked_owners(),))
        return {owner: rank for rank, (owner,) in enumerate(rows, 1)}

    def _cells(self, owners: set[str]) -> dict[str, Cell]:
        """The whole-graph cells of `owners`, by `duty_cells` over every profile that names them or
        a post they hold (the profiles that make up their cells, and no other)."""
        mini = Tally()
        for owner in sorted(owners):
            posts = [p for (p,) in self.db.execute("SELECT post FROM holds WHERE person = ?", (owner,))]
            mini.holds.update((post, owner) for post in posts)
            row = self.db.execute("SELECT kind, label FROM owners WHERE owner = ?", (owner,)).fetchone()
            if row is not None:
                mini.owners[owner] = tuple(row)
            for named in (owner, *posts):
                for text, n in self.db.execute(
                    "SELECT p.profile, p.n FROM profile_owners o JOIN profiles p ON p.id = o.profile WHERE o.owner = ?",
                    (named,),
                ):
                    mini.profiles[_profile_key(text)] = n
        return {o: cell for (o, _, _), cell in an.duty_cells(mini).items() if o in owners}

    def _labels(self, areas: Iterable[str]) -> dict[str, str]:
        found = {}
        for area in areas:
            row = self.db.execute("SELECT label FROM areas WHERE area = ?", (area,)).fetchone()
            if row is not None:
                found[area] = row[0]
        return found

    # --- measures, coverage, areas ---------------------------------------------------------------

    def _add_measures(self, new: Tally, change: Change) -> set[str]:
        """The new measures' statuses and their coverage counts; returns the areas whose whole
        cell changed (a sector's cell is replaced here)."""
        for measure, (status, _, _, inferred, _) in sorted(new.measures.items()):
            change.added.extend(an.measure_triples(measure, status, inferred))
        deltas = _coverage_deltas((status, area, sectors) for status, area, sectors, _, _ in new.measures.values())
        for (area, sector), (measures, owned, explicit) in sorted(deltas.items()):
            self.db.execute(
                "INSERT INTO coverage VALUES (?, ?, ?, ?, ?) ON CONFLICT(area, sector) DO UPDATE SET "
                "measures = measures + excluded.measures, owned = owned + excluded.owned, "
                "explicit = explicit + excluded.explicit",
                (area, sector, measures, owned, explicit),
            )
            if sector != _WHOLE:
                change.replaced.add(an.coverage_node(area, sector))
                change.added.extend(an.coverage_triples(area, sector, self._coverage(area, sector)))
        return {area for area, _ in deltas}

    def _coverage(self, area: str, sector: str) -> list[int] | None:
        row = self.db.execute(
            "SELECT measures, owned, explicit FROM coverage WHERE area = ? AND sector = ?", (area, sector)
        ).fetchone()
        return None if row is None else list(row)

    def _areas_again(self, touched: set[str], change: Change) -> None:
        """The areas' order and left-out sectors again (cheap: a few thousand areas); replace the
        whole cell of every area whose counts, principles, left-out sectors or place changed."""
        labels = dict(self.db.execute("SELECT area, label FROM areas"))
        ranks = an.area_ranks(labels)
        for area, old in list(self.db.execute("SELECT area, rank FROM areas")):
            if ranks[area] != old:
                self.db.execute("UPDATE areas SET rank = ? WHERE area = ?", (ranks[area], area))
                touched.add(area)
        left = self._left_out(labels)
        old_left: dict[str, list[str]] = {}
        for area, sector in self.db.execute("SELECT area, sector FROM left_out ORDER BY area, sector"):
            old_left.setdefault(area, []).append(sector)
        for area in sorted(left.keys() | old_left.keys()):
            if sorted(left.get(area, ())) != old_left.get(area, []):
                touched.add(area)
                self.db.execute("DELETE FROM left_out WHERE area = ?", (area,))
                self.db.executemany("INSERT INTO left_out VALUES (?, ?)", ((area, s) for s in left.get(area, ())))
        for area in sorted(touched):
            query = "SELECT principle FROM principles WHERE area = ? ORDER BY principle"
            cited = [p for (p,) in self.db.execute(query, (area,))]
            change.replaced.add(an.coverage_node(area, None))
            whole = self._coverage(area, _WHOLE)
            if whole is not None:  # else the area is gone: no directive and no measure left in it
                change.added.extend(an.area_triples(area, whole, cited, left.get(area, ()), ranks.get(area)))

    def _left_out(self, labels: dict[str, str]) -> dict[str, list[str]]:
        """`analytics.left_out_sectors` on the stored coverage, the same function the full
        computation runs."""
        tally = Tally(areas=labels)
        tally.parents = {a: p for a, p in self.db.execute("SELECT area, parent FROM areas") if p is not None}
        coverage = {
            (a, s or None): [m, o, e] for a, s, m, o, e in self.db.execute("SELECT * FROM coverage WHERE sector != ''")
        }
        return an.left_out_sectors(tally, coverage)

    def _run(self, digest: str, change: Change) -> None:
        """The run that made the analytics: the old one goes, the new one comes."""
        if digest == self.digest:
            return
        old = an.run_node(self.digest)
        change.replaced.add(old)
        change.removed.append((an.ANALYTICS_GRAPH, PROV.wasGeneratedBy, old))
        change.added.extend(an.header_triples(digest))
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'digest'", (digest,))
        self.digest = digest

