"""KPI plan builder: wizard, SMART helper, plan model, versioned SQLite store and safe exports."""
