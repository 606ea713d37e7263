"""Screens the coding app pushes: agreement and reconciliation, codebook editing."""
