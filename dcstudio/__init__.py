"""dcstudio: a desktop studio for dynamic creative."""

__version__ = "0.1.0"
