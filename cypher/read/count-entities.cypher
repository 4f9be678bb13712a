// Purpose: entity counts for StoreLifecycle.counts (each from the count store).
// @returns sellers, shops, addresses, paymentAccounts, shipments, reports: int
CALL { MATCH (n:Seller) RETURN count(n) AS sellers }
CALL { MATCH (n:Shop) RETURN count(n) AS shops }
CALL { MATCH (n:Address) RETURN count(n) AS addresses }
CALL { MATCH (n:PaymentAccount) RETURN count(n) AS paymentAccounts }
CALL { MATCH (n:Shipment) RETURN count(n) AS shipments }
CALL { MATCH (n:Report) RETURN count(n) AS reports }
RETURN sellers, shops, addresses, paymentAccounts, shipments, reports
