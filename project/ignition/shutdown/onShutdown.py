def onShutdown():
	# The engine's kernel lives in system.util.getGlobals() and its leases expire on
	# their own; a peer gateway (or this one after restart) recovers unfinished runs.
	log = system.util.getLogger("exchange.%s.workflows" % system.util.getProjectName().lower())
	log.info("workflows project stopping")
