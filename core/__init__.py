"""What every app of the shop shares: order statuses, the task retry policy, cache versions,
phone numbers, WhatsApp links and the settings-row helper.

The bottom layer (docs/architecture.md): ``core`` imports no app of the shop, and every app may
import ``core``. ``make lint`` checks this with import-linter.
"""
