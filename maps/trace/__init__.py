"""The public traceability page of a planting-area code (`/trace/<code>/`) and its QR codes."""
