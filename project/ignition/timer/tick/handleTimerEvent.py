def handleTimerEvent():
	# Dispatch queued workflow runs. exchange is an implicit global (project library).
	exchange.workflows.api.service.dispatch()
