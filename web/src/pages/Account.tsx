import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { AccountDetails } from "../account/AccountDetails";
import { Devices } from "../account/Devices";
import { EmailPreferences } from "../account/EmailPreferences";
import { PasswordForm } from "../account/PasswordForm";
import { Phone } from "../account/Phone";
import { SmsPreferences } from "../account/SmsPreferences";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import "../account/account.css";

/** The account: details, password, devices signed in, which notifications come by email, the mobile number and text messages. */
export default function Account() {
  const me = useQuery({ queryKey: ["me"], queryFn: () => ok(api.me.$get()) });
  return (
    <main id="main" className="page account">
      <h1>Account</h1>
      <p>
        <Link to="/profiles">Profiles</Link> · <Link to="/history">History</Link> · <Link to="/playlists">Playlists</Link> ·{" "}
        <Link to="/notifications">Notifications</Link> · <Link to="/account/billing">Billing</Link> ·{" "}
        <Link to="/loyalty">Loyalty</Link>
      </p>
      {me.isPending && <Skeleton rows={4} label="Loading your account" />}
      {me.isError && <Problem error={me.error} onRetry={() => me.refetch()} />}
      {me.data && (
        <>
          <AccountDetails me={me.data} />
          <PasswordForm hasPassword={me.data.hasPassword} />
        </>
      )}
      <Devices />
      <EmailPreferences />
      {me.data && (
        <>
          <Phone me={me.data} />
          <SmsPreferences me={me.data} />
        </>
      )}
    </main>
  );
}
