"""SNAP (Bank Indonesia's national open-API payment standard, REFERENCE §4.6): Balai as the biller
that banks call for virtual accounts.

- ``POST /v1.0/access-token/b2b``: a short-lived token for a bank that signs
  ``X-CLIENT-KEY|X-TIMESTAMP`` with its private key (SHA256withRSA; its public key is in the admin);
- ``POST /v1.0/transfer-va/inquiry``, ``/payment`` and ``/status``: requests signed with
  HMAC-SHA512 over ``METHOD:path:token:sha256(minified body):timestamp`` with the bank's client
  secret (stored encrypted); ``X-EXTERNAL-ID`` unique per bank per day; amounts as strings with
  two decimals; the VA number is the bank's ``partnerServiceId`` + ``customerNo`` = Balai's
  payment code.

The payment flag posts through ``services.payment_post`` under the bill's row lock, exactly once:
the same ``paymentRequestId`` gets the first answer again and never posts twice. Answers carry
the bill's lines and beneficiary accounts (``additionalInfo``) so the bank can split in real time.
Response codes come from one table (``codes.py``), each marked as confirmed by the published
standard or taken from bank documentation.
"""
