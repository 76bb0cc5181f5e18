/** `/staff/reviews` (skeleton, being built). */
export default function ReviewsSection() {
  return <h1>Reviews</h1>;
}
