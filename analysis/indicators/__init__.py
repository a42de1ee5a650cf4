"""The programme indicators of Pleiku's smart new-rural plan, computed from the data, with targets."""
