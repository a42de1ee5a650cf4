"""Domain errors. Each package has one base error; adapters map them to HTTP statuses and exit codes."""


class LayersError(Exception):
    """Base of every error the domain raises on purpose."""


class UnknownLayer(LayersError):
    pass


class UnknownUnit(LayersError):
    pass


class InvalidRoleAssignment(LayersError):
    pass


class TransitionNotAllowed(LayersError):
    pass
