-- A campaign message Meta declined for the recipient's sake (131049, its per-user cap on marketing
-- templates): neither sent nor a failure of the campaign, and not retried soon.
ALTER TYPE "RecipientStatus" ADD VALUE 'DECLINED';
