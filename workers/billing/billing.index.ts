import { createRouter } from "../lib/create-app";
import { chargesRouter } from "./charges.index";
import { invoicesRouter } from "./invoices.index";
import { paymentRefundsRouter } from "./payment-refunds.index";
import { plansRouter } from "./plans.index";
import { playbacksRouter } from "./playbacks.index";
import { subscriptionsRouter } from "./subscriptions.index";

/** Money that recurs or is accounted for: plans, subscriptions, entitlements, invoices and credit notes. */
export const billingRouter = createRouter()
  .route("/", plansRouter)
  .route("/", subscriptionsRouter)
  .route("/", playbacksRouter)
  .route("/", chargesRouter)
  .route("/", invoicesRouter)
  .route("/", paymentRefundsRouter);
