"""The real peers tests talk to: an ``insyt run`` process (:mod:`.daemon`), a
mosquitto broker and subscriber (:mod:`.mqtt`), headless Chromium over the
DevTools protocol (:mod:`.browser`) and a throwaway machine for the package
(:mod:`.package`)."""
