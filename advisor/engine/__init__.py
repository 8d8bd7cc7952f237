"""The runtime: answers become facts, compiled rules fire, arbitration decides, reasons are listed."""

__all__: list[str] = []
