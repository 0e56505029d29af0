from .geography import County, Township, TownshipUnion, AnnualFunding
from .grassroots import GrassrootsUnion
from .members import Member
from .ledgers import RightsCase, AssistanceRecord, Activity, Honour
from .roles import UserRole
from .imports import ImportBatch

__all__ = [
    "County",
    "Township",
    "TownshipUnion",
    "AnnualFunding",
    "GrassrootsUnion",
    "Member",
    "RightsCase",
    "AssistanceRecord",
    "Activity",
    "Honour",
    "UserRole",
    "ImportBatch",
]
