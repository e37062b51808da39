"""Lexicons as data: actors, triggers, cues, place types; compiled into one automaton."""
