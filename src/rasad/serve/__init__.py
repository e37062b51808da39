"""``rasad serve``: the event database as a web application (HTTP API, map, timeline)."""
