// Purpose: number of sellers (count store).
// @returns sellers: int
MATCH (s:Seller)
RETURN count(s) AS sellers
