"""Events and their speakers live here (the events issue fills this app)."""
