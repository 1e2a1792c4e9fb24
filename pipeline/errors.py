"""Errors a stage may raise. ``run`` turns them into one-line ``errors`` entries."""


class PipelineError(Exception):
    """Base class: the message is the one-line reason shown to the user."""


class UnsupportedFormat(PipelineError):
    """The bytes are not a format we read (binary junk, images, executables...)."""


class UnreadableInput(PipelineError):
    """The format is known but the file is damaged, encrypted, empty or image-only."""


class MissingDependency(PipelineError):
    """An optional library is not installed; the message names what to install."""
