def onStartup():
	# Gateway startup (and project start): bring the workflow engine up now rather
	# than on the first timer tick, so runs left unfinished by a restart are
	# recovered at once. `exchange` and `system` are implicit globals.
	log = system.util.getLogger("exchange.%s.workflows" % system.util.getProjectName().lower())
	resp = exchange.workflows.api.service.dispatch()
	log.info("workflows project started: %s" % resp.get("code"))
