"""The progress file's schema, as a list of migrations.

Each entry moves the schema from version N to N+1 (``PRAGMA user_version``).
Never edit a released step: add a new one, and keep the test that migrates a
file from every earlier version passing. No ``;`` inside comments: steps are
split on it.
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: cards with their scheduling state, the review log, synced decks.
    """
    CREATE TABLE cards (
        card_id      TEXT PRIMARY KEY,
        deck_id      TEXT NOT NULL,
        note_id      TEXT NOT NULL,
        position     INTEGER NOT NULL,         -- order in the deck file, for new cards
        content_hash TEXT NOT NULL,
        edited_at    INTEGER,                  -- text changed under the same id (UTC µs)
        in_deck      INTEGER NOT NULL DEFAULT 1, -- 0: removed from its file, history kept
        phase        INTEGER NOT NULL DEFAULT 0, -- 0 new, 1 learning, 2 review, 3 relearning
        step         INTEGER,
        stability    REAL,
        difficulty   REAL,
        due          INTEGER,                  -- UTC µs since the epoch
        last_review  INTEGER,
        reps         INTEGER NOT NULL DEFAULT 0,
        lapses       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_by_due ON cards (deck_id, in_deck, phase, due);
    CREATE INDEX cards_by_position ON cards (deck_id, in_deck, phase, position);
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL,
        deck_id      TEXT NOT NULL,
        note_id      TEXT NOT NULL,
        rating       INTEGER NOT NULL,         -- 1 again, 2 hard, 3 good, 4 easy
        reviewed_at  INTEGER NOT NULL,         -- UTC µs since the epoch
        duration_ms  INTEGER,
        phase_before INTEGER NOT NULL,
        state_before TEXT NOT NULL,            -- JSON CardState, for undo and audits
        state_after  TEXT NOT NULL             -- JSON CardState, rebuilds cards
    );
    CREATE INDEX reviews_by_card ON reviews (card_id, id);
    CREATE INDEX reviews_by_deck_time ON reviews (deck_id, reviewed_at);
    CREATE INDEX reviews_by_note_time ON reviews (note_id, reviewed_at);
    CREATE TABLE deck_sync (
        deck_id      TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL             -- the deck file last synced
    )
    """,
    # 2: suspend, bury, flag and leeches, and personal FSRS parameters.
    """
    ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cards ADD COLUMN buried_until INTEGER;   -- UTC µs, out of the queue until then
    ALTER TABLE cards ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cards ADD COLUMN leech INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE reviews ADD COLUMN made_leech INTEGER NOT NULL DEFAULT 0; -- undo lifts it
    CREATE INDEX reviews_by_time ON reviews (reviewed_at);  -- study days, for the streak
    CREATE INDEX cards_buried ON cards (deck_id, buried_until) WHERE buried_until IS NOT NULL;
    CREATE TABLE fsrs_parameters (
        deck_id      TEXT PRIMARY KEY,
        parameters   TEXT NOT NULL,            -- JSON list of the FSRS-6 weights
        reviews_used INTEGER NOT NULL,
        optimized_at INTEGER NOT NULL          -- UTC µs
    )
    """,
    # 3: exam attempts (immutable once ended, answers appended, never edited) and exam dates.
    """
    CREATE TABLE exam_attempts (
        id           INTEGER PRIMARY KEY,
        exam_id      TEXT NOT NULL,
        deck_id      TEXT NOT NULL,
        deck_version TEXT,                     -- the author's release label, when it has one
        exam_hash    TEXT NOT NULL,            -- the exam definition's content hash
        mode         TEXT NOT NULL CHECK (mode IN ('certification', 'practice')),
        started_at   INTEGER NOT NULL,         -- UTC µs
        deadline     INTEGER,                  -- UTC µs, NULL without a time limit
        pass_mark    REAL NOT NULL,
        questions    TEXT NOT NULL,            -- JSON: card ids, kinds, choice order as shown
        ended_at     INTEGER,                  -- UTC µs, NULL while open
        ended_how    TEXT CHECK (ended_how IN ('submitted', 'timed_out', 'abandoned')),
        score        REAL                      -- the sum of the marks, set when it ends
    );
    CREATE INDEX exam_attempts_by_exam ON exam_attempts (exam_id, mode, id);
    CREATE INDEX exam_attempts_open ON exam_attempts (exam_id) WHERE ended_at IS NULL;
    CREATE TABLE exam_answers (
        id           INTEGER PRIMARY KEY,
        attempt_id   INTEGER NOT NULL REFERENCES exam_attempts (id),
        question     INTEGER NOT NULL,         -- index into the attempt's questions
        response     TEXT NOT NULL,            -- JSON: options picked, true / false, or text
        mark         REAL NOT NULL,            -- 0..1
        almost       INTEGER NOT NULL DEFAULT 0,
        answered_at  INTEGER NOT NULL          -- UTC µs
    );
    CREATE INDEX exam_answers_by_attempt ON exam_answers (attempt_id, question, id);
    CREATE TABLE exam_flags (
        id           INTEGER PRIMARY KEY,
        attempt_id   INTEGER NOT NULL REFERENCES exam_attempts (id),
        question     INTEGER NOT NULL,
        flagged      INTEGER NOT NULL,         -- the newest row per question wins
        at           INTEGER NOT NULL
    );
    CREATE INDEX exam_flags_by_attempt ON exam_flags (attempt_id, question, id);
    CREATE TABLE exam_dates (
        exam_id      TEXT PRIMARY KEY,
        exam_date    TEXT NOT NULL             -- YYYY-MM-DD, the learner's planned exam day
    )
    """,
    # 4: xAPI statements waiting for a Learning Record Store (`quizkit send`). A row is
    # queued once (its id is stable) and marked sent only once the LRS acknowledged it.
    """
    CREATE TABLE xapi_outbox (
        statement_id TEXT PRIMARY KEY,         -- the statement's own id (a UUID)
        attempt      TEXT NOT NULL,            -- the attempt it reports (its transcript id)
        statement    TEXT NOT NULL,            -- the statement as JSON, as it will be posted
        queued_at    INTEGER NOT NULL,         -- UTC µs
        sent_at      INTEGER                   -- UTC µs, NULL until the LRS acknowledged it
    );
    CREATE INDEX xapi_outbox_unsent ON xapi_outbox (queued_at) WHERE sent_at IS NULL
    """,
    # 5: the marked cards (suspended, flagged, leeches) in an index of their own, so the
    # statistics count them from those few rows instead of reading every card of the deck.
    """
    CREATE INDEX cards_marked ON cards (deck_id, in_deck)
        WHERE suspended != 0 OR flagged != 0 OR leech != 0
    """,
    # 6: the resets (rating 0, `forget`) in an index of their own: the total of answers is the
    # table's count (SQLite's fast path) less these few, instead of a scan of every review.
    """
    CREATE INDEX reviews_resets ON reviews (card_id, id) WHERE rating = 0
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
