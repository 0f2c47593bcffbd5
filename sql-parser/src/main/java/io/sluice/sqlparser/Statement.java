package io.sluice.sqlparser;

/** One parsed statement of Sluice SQL; see {@link StatementParser#parse(String)}. */
public sealed interface Statement
    permits QueryStatement, CreateTable, CreateView, CreateSource, CreateSink, CreateIndex, Drop, Insert, Update,
        Delete, SetOption, ResetOption, Show, ShowCheckpoint, Describe, Explain, Replay, StopQuery, StepQuery {}
