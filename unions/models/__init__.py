from .geography import County, Township, TownshipUnion, TownshipYear, AnnualFunding
from .grassroots import GrassrootsUnion, GrassrootsUnionYear
from .members import Member
from .ledgers import RightsCase, AssistanceRecord, Activity, Honour
from .roles import UserRole
from .imports import ImportBatch

__all__ = [
    "County",
    "Township",
    "TownshipUnion",
    "TownshipYear",
    "AnnualFunding",
    "GrassrootsUnion",
    "GrassrootsUnionYear",
    "Member",
    "RightsCase",
    "AssistanceRecord",
    "Activity",
    "Honour",
    "UserRole",
    "ImportBatch",
]
