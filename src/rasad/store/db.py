"""The event database: articles, their events, fused incidents, the run log.

    store = open_store()                      # $RASAD_HOME/rasad.sqlite, migrated
    result = store.add_article(article, extract_fn, extractor="…")
    for event, sources in store.fused_events(since="2018-01-01"): …

SQLite by default (WAL journal, foreign keys on), PostgreSQL by the same code for a
``postgresql://`` URL. ``open_store`` applies the Alembic migrations first.

Every article is written in ONE transaction: its row, its events and their fusion into
the incidents already stored. A crash (or an exception) loses at most the article in
flight; a store is never left with an article without its events or an event outside
the fused table. Ingest is idempotent: an article whose URL or normalized text is
already stored is a "duplicate" and nothing changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from rasad.fuse import (
    DATE_SLACK_DAYS,
    assign,
    canonical_key,
    compatible_types,
    fuse,
    fused_id,
)
from rasad.model import Article, Event, Evidence, event_window
from rasad.store.schema import EVENT_COLUMNS, articles, events, fused_events, fused_sources, runs
from rasad.text.normalize import normalize_key, search_key

ExtractFn = Callable[[Article], list[Event]]
_FIELDS = [name for name, _ in EVENT_COLUMNS]


def default_url() -> str:
    """``sqlite:///<data dir>/rasad.sqlite``: ``$RASAD_HOME``, else ``~/.local/share/rasad``
    (user data, beside the gazetteer store; caches stay in ``~/.cache/rasad``)."""
    from rasad.geo.store import data_dir

    return f"sqlite:///{data_dir() / 'rasad.sqlite'}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def content_hash(text: str) -> str:
    """SHA-256 of the normalized text with white space collapsed."""
    return hashlib.sha256(" ".join(normalize_key(text).split()).encode("utf-8")).hexdigest()


def url_key(url: str | None) -> str | None:
    """A hash of the URL without fragment, default port, trailing slash or scheme case."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    norm = urlunsplit(("", host, path, parts.query, ""))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add_article`` did: stored it anew (with ``events`` events), or found
    it already stored as ``article_id``."""

    status: str  # "new" | "duplicate"
    article_id: str
    events: int = 0


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite with its pragmas (and its folder made), or PostgreSQL
    through psycopg 3 when installed."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    parsed = sa.engine.make_url(url)
    if parsed.drivername == "postgresql" and importlib.util.find_spec("psycopg"):
        # A bare postgresql:// means psycopg2 to SQLAlchemy 2.0; rasad[postgres] is psycopg 3.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest Alembic revision)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    with resources.as_file(resources.files("rasad.store").joinpath("migrations")) as loc:
        cfg.set_main_option("script_location", str(loc))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)


def store_url(url: str | None = None) -> str:
    """``url``, else ``$RASAD_DB``, else :func:`default_url`."""
    return url or os.environ.get("RASAD_DB") or default_url()


def open_store(url: str | None = None) -> Store:
    """The store at :func:`store_url` of ``url``, migrated to the newest schema."""
    engine = make_engine(store_url(url))
    migrate(engine)
    return Store(engine)


# ------------------------------------------------------------------ rows <-> events

def _event_values(ev: Event) -> dict[str, Any]:
    values = {name: getattr(ev, name) for name in _FIELDS}
    values["date_window"] = list(ev.date_window) if ev.date_window else None
    values["evidence"] = [e.to_dict() for e in ev.evidence]
    values["rules"] = list(ev.rules)
    return values


_SEARCHED = ("actor1", "actor1_ar", "actor2", "actor2_ar", "location", "location_ar", "admin1",
             "admin2")


def search_text(fused: Event, members: Sequence[Event]) -> str:
    """What text search looks in: every report's evidence, the actors and the place."""
    parts = [e.text for m in members for e in m.evidence]
    parts += [v for name in _SEARCHED if (v := getattr(fused, name))]
    return search_key(" | ".join(parts))


def row_event(row: Any, article_id: str | None = None) -> Event:
    """The Event in an ``events`` or ``fused_events`` row (``article_id`` overrides the row's,
    which fused rows lack)."""
    m = row._mapping
    fields = {name: m[name] for name in _FIELDS}
    return Event(
        article_id=article_id if article_id is not None else m["article_id"],
        date_window=list(m["date_window"]) if m["date_window"] else None,
        evidence=[Evidence.from_dict(e) for e in m["evidence"] or []],
        rules=list(m["rules"] or []),
        event_id=m["event_id"],
        **fields,
    )


class Store:
    """Articles, events and fused incidents in one SQL database (see the module doc)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    # -------------------------------------------------------------- runs

    def start_run(self, command: str, args: dict[str, Any] | None = None) -> int:
        """Log a run as running; its id for ``finish_run``."""
        with self.engine.begin() as conn:
            return conn.execute(runs.insert().values(
                command=command, args=args, started_at=_now(), status="running",
            )).inserted_primary_key[0]

    def finish_run(self, run_id: int, *, status: str, read: int, new: int, duplicate: int,
                   skipped: int, n_events: int, problems: Sequence[str]) -> None:
        """Record how a run ended and what it did (the first 1000 problems)."""
        with self.engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id).values(
                finished_at=_now(), status=status, n_read=read, n_new=new,
                n_duplicate=duplicate, n_skipped=skipped, n_events=n_events,
                problems=list(problems)[:1000],
            ))

    # -------------------------------------------------------------- articles

    @staticmethod
    def _duplicate(conn: Connection, ukey: str | None, chash: str) -> str | None:
        """The stored article id with the same URL or the same normalized text, if any."""
        cond = articles.c.content_hash == chash
        if ukey:
            cond = sa.or_(cond, articles.c.url_key == ukey)
        return conn.execute(sa.select(articles.c.article_id).where(cond).limit(1)).scalar()

    def _free_id(self, conn: Connection, article_id: str, chash: str) -> str:
        taken = conn.execute(sa.select(articles.c.id).where(
            articles.c.article_id == article_id)).first()
        return article_id if taken is None else f"{article_id}~{chash[:10]}"

    def add_article(self, article: Article, extract_fn: ExtractFn, *, extractor: str,
                    run_id: int | None = None) -> AddResult:
        """Store the article with its events and fuse them, in one transaction.

        A duplicate (same URL or same normalized text) changes nothing. ``extract_fn`` runs
        before the transaction opens; an exception from it propagates with nothing written.
        """
        if self.engine.dialect.name == "postgresql":
            article = _without_nul(article)
        ukey, chash = url_key(article.url), content_hash(article.text)
        with self.engine.connect() as conn:
            dup = self._duplicate(conn, ukey, chash)
            if dup is not None:
                return AddResult("duplicate", dup)
            article_id = self._free_id(conn, article.id, chash)
        if article_id != article.id:
            article = replace(article, id=article_id)
        evs = _unique_ids(extract_fn(article))
        try:
            with self.engine.begin() as conn:
                pk = conn.execute(articles.insert().values(
                    article_id=article_id, content_hash=chash, url=article.url, url_key=ukey,
                    outlet=article.outlet, published=article.published, title=article.title,
                    text=article.text, path=article.path, extractor=extractor, run_id=run_id,
                    ingested_at=_now(),
                )).inserted_primary_key[0]
                self._insert_events(conn, pk, article_id, evs)
        except sa.exc.IntegrityError:
            with self.engine.connect() as conn:
                dup = self._duplicate(conn, ukey, chash)
            if dup is None:
                raise
            return AddResult("duplicate", dup)
        return AddResult("new", article_id, len(evs))

    def _insert_events(self, conn: Connection, article_pk: int, article_id: str,
                       evs: Sequence[Event]) -> None:
        placed = []
        for ev in sorted(evs, key=canonical_key):
            event_pk = conn.execute(events.insert().values(
                event_id=ev.event_id, article_pk=article_pk, article_id=article_id,
                **_event_values(ev),
            )).inserted_primary_key[0]
            placed.append((ev, event_pk))
        if placed:
            self._fuse_article(conn, placed, article_pk)

    # -------------------------------------------------------------- re-extraction

    def stale_articles(self, extractor: str, *, everything: bool = False) -> list[int]:
        """Keys of the articles coded by another extractor (every article with
        ``everything``), in storage order."""
        q = sa.select(articles.c.id).order_by(articles.c.id)
        if not everything:
            q = q.where(articles.c.extractor != extractor)
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def reextract(self, article_pk: int, extract_fn: ExtractFn, *, extractor: str) -> int:
        """Replace one article's events (and their fusion) by a new extraction, atomically."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_pk)).one()
        m = row._mapping
        article = Article(id=m["article_id"], text=m["text"], published=m["published"],
                          title=m["title"], url=m["url"], outlet=m["outlet"], path=m["path"])
        evs = _unique_ids(extract_fn(article))
        with self.engine.begin() as conn:
            self._remove_events(conn, article_pk)
            self._insert_events(conn, article_pk, article.id, evs)
            conn.execute(articles.update().where(articles.c.id == article_pk)
                         .values(extractor=extractor))
        return len(evs)

    def _remove_events(self, conn: Connection, article_pk: int) -> None:
        touched = set(conn.execute(sa.select(fused_sources.c.fused_pk).where(
            fused_sources.c.article_pk == article_pk)).scalars())
        conn.execute(fused_sources.delete().where(fused_sources.c.article_pk == article_pk))
        conn.execute(events.delete().where(events.c.article_pk == article_pk))
        for fpk in sorted(touched):
            self._refresh_fused(conn, fpk)

    # -------------------------------------------------------------- fusion

    def _members(self, conn: Connection, fused_pk: int) -> list[Event]:
        rows = conn.execute(sa.select(events).join(
            fused_sources, fused_sources.c.event_pk == events.c.id,
        ).where(fused_sources.c.fused_pk == fused_pk))
        return [row_event(r) for r in rows]

    def _candidates(self, conn: Connection, evs: Sequence[Event],
                    ) -> list[tuple[int, Event, list[Event]]]:
        """The stored incidents that some of ``evs`` might join (a compatible event type,
        dates within reach), in the order they were made, with their reports."""
        conds = []
        for ev in evs:
            window = event_window(ev)
            if window is None:
                continue
            lo_s = (window.lo - timedelta(days=DATE_SLACK_DAYS)).isoformat()
            hi_s = (window.hi + timedelta(days=DATE_SLACK_DAYS)).isoformat()
            conds.append(sa.and_(
                fused_events.c.event_type.in_(
                    sorted(compatible_types(ev.event_type, ev.sub_event_type))),
                fused_events.c.date_lo <= hi_s, fused_events.c.date_hi >= lo_s))
        if not conds:
            return []
        near = sa.or_(*conds)
        # every candidate's members in one query, not one query per candidate: this runs
        # for each article ingested (member order is irrelevant to fusion)
        members: dict[int, list[Event]] = {}
        for r in conn.execute(
                sa.select(events, fused_sources.c.fused_pk)
                .join(fused_sources, fused_sources.c.event_pk == events.c.id)
                .join(fused_events, fused_events.c.id == fused_sources.c.fused_pk)
                .where(near)):
            members.setdefault(r._mapping["fused_pk"], []).append(row_event(r))
        rows = conn.execute(sa.select(fused_events).where(near).order_by(fused_events.c.id))
        return [(r._mapping["id"], row_event(r, article_id=""), members.get(r._mapping["id"], []))
                for r in rows]

    def _fuse_article(self, conn: Connection, placed: Sequence[tuple[Event, int]],
                      article_pk: int) -> None:
        """Fuse one article's events (with their row keys) into the stored incidents."""
        evs = [ev for ev, _ in placed]
        candidates = self._candidates(conn, evs)
        joins = assign(evs, [(f, ms) for _, f, ms in candidates])
        for (ev, event_pk), k in zip(placed, joins, strict=True):
            if k is None:
                fused = fuse([ev])
                fpk = conn.execute(fused_events.insert().values(
                    event_id=fused.event_id, **self._fused_values(fused, [ev]),
                )).inserted_primary_key[0]
            else:
                fpk, fused, members = candidates[k]
                self._write_fused(conn, fpk, [*members, ev], fused.event_id)
            conn.execute(fused_sources.insert().values(fused_pk=fpk, event_pk=event_pk,
                                                       article_pk=article_pk))

    @staticmethod
    def _fused_values(fused: Event, members: Sequence[Event]) -> dict[str, Any]:
        w = event_window(fused)
        values = _event_values(fused)
        values.update(
            n_sources=len({m.article_id for m in members}),
            search_text=search_text(fused, members),
            date_lo=w.lo.isoformat() if w else None,
            date_hi=w.hi.isoformat() if w else None,
        )
        return values

    def _write_fused(self, conn: Connection, fpk: int, members: Sequence[Event],
                     event_id: str) -> None:
        fused = fuse(members, event_id)
        conn.execute(fused_events.update().where(fused_events.c.id == fpk)
                     .values(**self._fused_values(fused, members)))

    def _refresh_fused(self, conn: Connection, fpk: int) -> None:
        members = self._members(conn, fpk)
        if not members:
            conn.execute(fused_events.delete().where(fused_events.c.id == fpk))
            return
        event_id = conn.execute(sa.select(fused_events.c.event_id)
                                .where(fused_events.c.id == fpk)).scalar_one()
        self._write_fused(conn, fpk, members, event_id)

    def rebuild_fusion(self) -> int:
        """Regroup every stored event canonically (independent of ingest order)."""
        from rasad.fuse import cluster

        with self.engine.begin() as conn:
            evs = [(row_event(r), r._mapping["id"], r._mapping["article_pk"])
                   for r in conn.execute(sa.select(events))]
            pks = {ev.event_id: (epk, apk) for ev, epk, apk in evs}
            conn.execute(fused_sources.delete())
            conn.execute(fused_events.delete())
            groups = cluster(ev for ev, _, _ in evs)
            for members in groups:
                fused = fuse(members, fused_id(members[0].event_id))
                fpk = conn.execute(fused_events.insert().values(
                    event_id=fused.event_id, **self._fused_values(fused, members),
                )).inserted_primary_key[0]
                conn.execute(fused_sources.insert(), [
                    {"fused_pk": fpk, "event_pk": pks[m.event_id][0],
                     "article_pk": pks[m.event_id][1]} for m in members])
        return len(groups)

    # -------------------------------------------------------------- queries

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in (articles, events, fused_events, fused_sources, runs)}

    def _filters(self, table: sa.Table, *, since: str | None, until: str | None,
                 types: Sequence[str], actors: Sequence[str],
                 admin1: Sequence[str]) -> list[Any]:
        conds: list[Any] = []
        if since:
            conds.append(table.c.event_date >= since)
        if until:
            conds.append(table.c.event_date <= until)
        if types:
            conds.append(sa.or_(table.c.event_type.in_(types), table.c.sub_event_type.in_(types)))
        if actors:
            conds.append(sa.or_(*[sa.or_(table.c.actor1.ilike(f"%{a}%"),
                                         table.c.actor2.ilike(f"%{a}%"),
                                         table.c.actor1_ar.like(f"%{a}%"),
                                         table.c.actor2_ar.like(f"%{a}%")) for a in actors]))
        if admin1:
            conds.append(table.c.admin1.in_(admin1))
        return conds

    def article_events(self, *, since: str | None = None, until: str | None = None,
                       types: Sequence[str] = (), actors: Sequence[str] = (),
                       admin1: Sequence[str] = ()) -> Iterator[Event]:
        """Per-article events matching the filters, by date, article and event id."""
        q = sa.select(events).where(*self._filters(
            events, since=since, until=until, types=types, actors=actors, admin1=admin1,
        )).order_by(events.c.event_date, events.c.article_id, events.c.event_id)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(q):
                yield row_event(row)

    def fused(self, *, since: str | None = None, until: str | None = None,
              types: Sequence[str] = (), actors: Sequence[str] = (),
              admin1: Sequence[str] = ()) -> Iterator[tuple[Event, int, list[dict[str, Any]]]]:
        """Fused events (with their corroboration count and sources) in date order."""
        q = sa.select(fused_events).where(*self._filters(
            fused_events, since=since, until=until, types=types, actors=actors, admin1=admin1,
        )).order_by(fused_events.c.event_date, fused_events.c.event_id)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(q):
                m = row._mapping
                srcs = self._sources(conn, m["id"])
                ev = row_event(row, article_id=srcs[0]["article_id"] if srcs else "")
                yield ev, m["n_sources"], srcs

    def _sources(self, conn: Connection, fused_pk: int) -> list[dict[str, Any]]:
        q = (sa.select(events.c.event_id, events.c.article_id, events.c.evidence,
                       events.c.event_date, events.c.sub_event_type, events.c.location_ar,
                       events.c.fatalities, articles.c.outlet, articles.c.url,
                       articles.c.title, articles.c.published)
             .join(fused_sources, fused_sources.c.event_pk == events.c.id)
             .join(articles, articles.c.id == events.c.article_pk)
             .where(fused_sources.c.fused_pk == fused_pk)
             .order_by(events.c.event_date, events.c.article_id, events.c.event_id))
        return [{
            "article_id": r.article_id, "outlet": r.outlet, "source_url": r.url,
            "published": r.published.isoformat() if r.published else None,
            "title": r.title, "event_id": r.event_id, "event_date": r.event_date,
            "sub_event_type": r.sub_event_type, "location_ar": r.location_ar,
            "fatalities": r.fatalities, "evidence": r.evidence,
        } for r in conn.execute(q)]

    def sources(self, event_id: str) -> tuple[Event, int, list[dict[str, Any]]] | None:
        """The fused event ``event_id`` (or the one a per-article event belongs to)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(fused_events).where(
                fused_events.c.event_id == event_id)).first()
            if row is None:
                fpk = conn.execute(
                    sa.select(fused_sources.c.fused_pk)
                    .join(events, events.c.id == fused_sources.c.event_pk)
                    .where(events.c.event_id == event_id)).scalar()
                if fpk is None:
                    return None
                row = conn.execute(sa.select(fused_events).where(
                    fused_events.c.id == fpk)).one()
            m = row._mapping
            srcs = self._sources(conn, m["id"])
            return (row_event(row, article_id=srcs[0]["article_id"] if srcs else ""),
                    m["n_sources"], srcs)

    def fused_of(self) -> dict[str, str]:
        """Per-article event id -> fused event id, for every stored event."""
        q = (sa.select(events.c.event_id, fused_events.c.event_id.label("fused"))
             .join(fused_sources, fused_sources.c.event_pk == events.c.id)
             .join(fused_events, fused_events.c.id == fused_sources.c.fused_pk))
        with self.engine.connect() as conn:
            return {r.event_id: r.fused for r in conn.execute(q)}


def _without_nul(article: Article) -> Article:
    """The article without NUL characters, which PostgreSQL text cannot hold (SQLite can).

    Applied before extraction, so evidence offsets index the text as stored; the content
    hash ignores NULs anyway, so duplicates are the same on both databases.
    """
    changed = {name: value.replace("\x00", "")
               for name in ("id", "text", "title", "url", "outlet", "path")
               if isinstance(value := getattr(article, name), str) and "\x00" in value}
    return replace(article, **changed) if changed else article


def _unique_ids(evs: Sequence[Event]) -> list[Event]:
    """Events with distinct ids (a clash within one article gets a numbered suffix)."""
    seen: set[str] = set()
    out: list[Event] = []
    for ev in evs:
        if not ev.event_id:
            ev.assign_id()
        base, n = ev.event_id, 1
        while ev.event_id in seen:
            n += 1
            ev.event_id = f"{base}-{n}"
        seen.add(ev.event_id)
        out.append(ev)
    return out
