"""insyt: a syslog collector appliance that detects intrusions in log lines."""

__version__ = "0.1.0"
