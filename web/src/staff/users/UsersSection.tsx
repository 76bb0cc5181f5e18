import { Route, Routes } from "react-router";
import { AdminsOnly } from "./AdminsOnly";
import { UserPage } from "./UserPage";
import { UserSearch } from "./UserSearch";
import "./users.css";

/** `/staff/users/*` (admins): the account search and each account's page. */
export default function UsersSection() {
  return (
    <AdminsOnly heading="Users">
      <Routes>
        <Route index element={<UserSearch />} />
        <Route path=":id" element={<UserPage />} />
      </Routes>
    </AdminsOnly>
  );
}
